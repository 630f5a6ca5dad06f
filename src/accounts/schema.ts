import * as v from "valibot";
import { ROLES } from "../auth/roles";
import { pageQuery } from "../lib/pagination";
import { unitCodeSchema } from "../units/schema";

export const emailSchema = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(254), v.email("Email không hợp lệ / invalid email"));

/** At least 10 characters with a letter and a digit: officials' accounts reach residents' identities. */
export const newPasswordSchema = v.pipe(
  v.string(),
  v.minLength(10, "Mật khẩu cần ít nhất 10 ký tự / at least 10 characters"),
  v.maxLength(128, "Mật khẩu tối đa 128 ký tự / at most 128 characters"),
  v.regex(/\p{L}/u, "Mật khẩu cần có chữ cái / needs a letter"),
  v.regex(/\p{N}/u, "Mật khẩu cần có chữ số / needs a digit"),
);

export const personNameSchema = v.pipe(v.string(), v.trim(), v.minLength(1, "Cần nhập họ tên / name is required"), v.maxLength(120));

export const createAccountSchema = v.object({
  email: emailSchema,
  name: personNameSchema,
  password: newPasswordSchema,
  role: v.picklist(ROLES, "Vai trò phải là admin, supervisor, commune_head hoặc commune_staff"),
  unitCode: v.optional(v.nullable(unitCodeSchema)),
});
export type CreateAccountInput = v.InferOutput<typeof createAccountSchema>;

export const updateAccountSchema = v.pipe(
  v.object({
    name: v.optional(personNameSchema),
    role: v.optional(v.picklist(ROLES)),
    unitCode: v.optional(v.nullable(unitCodeSchema)),
    disabled: v.optional(v.boolean()),
    password: v.optional(newPasswordSchema),
  }),
  v.check((patch) => Object.keys(patch).length > 0, "Không có gì để đổi / nothing to change"),
);
export type UpdateAccountInput = v.InferOutput<typeof updateAccountSchema>;

export const accountIdParamSchema = v.object({ id: v.pipe(v.string(), v.uuid("Mã tài khoản không hợp lệ / invalid account id")) });

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
