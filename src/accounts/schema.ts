import * as v from "valibot";
import { ROLES } from "../auth/roles";
import { pageQuery } from "../lib/pagination";
import { code } from "../lib/validate";
import { unitCodeSchema } from "../units/schema";

export const emailSchema = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.nonEmpty(code("account.email_required")),
  v.maxLength(254),
  v.email(code("account.email_format")),
);

/** At least 10 characters with a letter and a digit: officials' accounts reach residents' identities. */
export const newPasswordSchema = v.pipe(
  v.string(),
  v.nonEmpty(code("password.new_required")),
  v.minLength(10, code("password.too_short")),
  v.maxLength(128, code("password.too_long")),
  v.regex(/\p{L}/u, code("password.needs_letter")),
  v.regex(/\p{N}/u, code("password.needs_digit")),
);

export const personNameSchema = v.pipe(v.string(), v.trim(), v.minLength(1, code("person.name_required")), v.maxLength(120));

export const createAccountSchema = v.object({
  email: emailSchema,
  name: personNameSchema,
  password: newPasswordSchema,
  role: v.picklist(ROLES, code("account.role_choice")),
  unitCode: v.optional(v.nullable(unitCodeSchema)),
});
export type CreateAccountInput = v.InferOutput<typeof createAccountSchema>;

export const updateAccountSchema = v.pipe(
  v.object({
    name: v.optional(personNameSchema),
    role: v.optional(v.picklist(ROLES, code("account.role_choice"))),
    unitCode: v.optional(v.nullable(unitCodeSchema)),
    disabled: v.optional(v.boolean()),
    password: v.optional(newPasswordSchema),
  }),
  v.check((patch) => Object.keys(patch).length > 0, code("account.nothing_to_change")),
);
export type UpdateAccountInput = v.InferOutput<typeof updateAccountSchema>;

export const accountIdParamSchema = v.object({ id: v.pipe(v.string(), v.uuid(code("account.not_found"))) });

export const listAccountsQuerySchema = v.object({
  unit: v.optional(unitCodeSchema),
  role: v.optional(v.picklist(ROLES)),
  ...pageQuery,
});

export const accountSchema = v.object({
  id: v.string(),
  email: v.string(),
  name: v.string(),
  role: v.picklist(ROLES),
  unitCode: v.nullable(v.string()),
  disabled: v.boolean(),
});
export type Account = v.InferOutput<typeof accountSchema>;
export const accountPageSchema = v.object({ items: v.array(accountSchema), nextCursor: v.nullable(v.string()) });
