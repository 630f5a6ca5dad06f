import * as v from "valibot";
import { pageQuery } from "../lib/pagination";
import { code } from "../lib/validate";

export const UNIT_LEVELS = ["province", "district", "commune", "ward", "special_zone"] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** Official unit codes are digits (e.g. "33" for Hưng Yên); letters, "-" and "_" are allowed for demo and test units. */
export const unitCodeSchema = v.pipe(v.string(), v.trim(), v.nonEmpty(code("unit.code_required")), v.regex(/^[0-9A-Za-z_-]{1,20}$/, code("unit.code_format")));

/** A local calendar day, YYYY-MM-DD in Asia/Ho_Chi_Minh. */
export const localDateSchema = v.pipe(
  v.string(),
  v.trim(),
  v.isoDate(code("date.format")),
  // isoDate checks the shape only: 2026-02-30 would pass it.
  v.check((day) => {
    const time = Date.parse(`${day}T00:00:00Z`);
    return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === day;
  }, code("date.no_such_day")),
);

export const unitNameSchema = v.pipe(v.string(), v.trim(), v.minLength(1, code("unit.name_required")), v.maxLength(200));

export const createUnitSchema = v.pipe(
  v.object({
    code: unitCodeSchema,
    name: unitNameSchema,
    level: v.picklist(UNIT_LEVELS, code("unit.level_choice")),
    parentCode: v.optional(unitCodeSchema),
    validFrom: v.optional(localDateSchema),
    validTo: v.optional(localDateSchema),
    replacedBy: v.optional(unitCodeSchema),
  }),
  v.forward(
    v.check((unit) => !unit.validFrom || !unit.validTo || unit.validFrom <= unit.validTo, code("unit.valid_to_before_from")),
    ["validTo"],
  ),
);
export type CreateUnitInput = v.InferOutput<typeof createUnitSchema>;

export const listUnitsQuerySchema = v.object({
  parent: v.optional(unitCodeSchema),
  level: v.optional(v.picklist(UNIT_LEVELS)),
  validOn: v.optional(localDateSchema),
  /** Name search without diacritics: "an khe" finds "An Khê". */
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
  ...pageQuery,
});

export const unitCodeParamSchema = v.object({ code: unitCodeSchema });

/** A unit as the API returns it. */
export const unitSchema = v.object({
  code: v.string(),
  name: v.string(),
  level: v.picklist(UNIT_LEVELS),
  parentCode: v.nullable(v.string()),
  provinceCode: v.string(),
  validFrom: v.nullable(v.string()),
  validTo: v.nullable(v.string()),
  replacedBy: v.nullable(v.string()),
});
export type Unit = v.InferOutput<typeof unitSchema>;

export const unitPageSchema = v.object({ items: v.array(unitSchema), nextCursor: v.nullable(v.string()) });
export const importResultSchema = v.object({ imported: v.number(), created: v.number(), updated: v.number() });

/** The import form: the CSV text from the uploaded file (or a pasted `csv` field). */
export const importFormSchema = v.object({ csv: v.pipe(v.string(), v.minLength(1, code("csv.empty"))) });
