import * as v from "valibot";
import { code } from "../lib/validate";
import { unitCodeSchema } from "../units/schema";

/** A Vietnamese phone: 10 digits from 0, or +84 without the 0; spaces, dots and dashes allowed; stored as 0 and nine digits. */
export const contactPhoneSchema = v.pipe(
  v.string(),
  v.transform((value) => value.replace(/[\s.()-]/g, "")),
  v.regex(/^(0|\+84)[235789]\d{8}$/, code("contact.phone_format")),
  v.transform((value) => (value.startsWith("+84") ? `0${value.slice(3)}` : value)),
);

export const contactEmailSchema = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(254), v.email(code("contact.email_format")));

export const villageNameSchema = v.pipe(v.string(), v.trim(), v.minLength(1, code("village.name_required")), v.maxLength(120));
const headNameSchema = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120));

export const createVillageSchema = v.object({
  name: villageNameSchema,
  headName: v.optional(headNameSchema),
  headPhone: v.optional(contactPhoneSchema),
  headEmail: v.optional(contactEmailSchema),
});
export type CreateVillageInput = v.InferOutput<typeof createVillageSchema>;

/** PATCH: any field; `null` clears a head's contact. */
export const updateVillageSchema = v.pipe(
  v.object({
    name: v.optional(villageNameSchema),
    headName: v.optional(v.nullable(headNameSchema)),
    headPhone: v.optional(v.nullable(contactPhoneSchema)),
    headEmail: v.optional(v.nullable(contactEmailSchema)),
  }),
  v.check((patch) => Object.keys(patch).length > 0, code("village.nothing_to_change")),
);
export type UpdateVillageInput = v.InferOutput<typeof updateVillageSchema>;

export const unitParamSchema = v.object({ code: unitCodeSchema });
export const villageParamSchema = v.object({ code: unitCodeSchema, id: v.pipe(v.string(), v.uuid(code("village.not_found"))) });

/** A village as everyone sees it; the head's contacts only for the unit's officials (and the province's, and administrators). */
export const villageSchema = v.object({
  id: v.string(),
  unitCode: v.string(),
  name: v.string(),
  headName: v.optional(v.nullable(v.string())),
  headPhone: v.optional(v.nullable(v.string())),
  headEmail: v.optional(v.nullable(v.string())),
});
export type Village = v.InferOutput<typeof villageSchema>;
export const villageListSchema = v.object({ items: v.array(villageSchema), nextCursor: v.nullable(v.string()) });
export const villageImportResultSchema = v.object({ imported: v.number(), created: v.number(), updated: v.number() });
