import * as v from "valibot";
import { accountSchema, emailSchema, newPasswordSchema } from "../accounts/schema";
import { code } from "../lib/validate";

export const loginSchema = v.object({
  email: emailSchema,
  password: v.pipe(v.string(), v.minLength(1, code("password.required")), v.maxLength(128)),
});

export const changePasswordSchema = v.object({
  currentPassword: v.pipe(v.string(), v.minLength(1, code("password.current_required")), v.maxLength(128)),
  newPassword: newPasswordSchema,
});

export const meSchema = v.object({ ...accountSchema.entries, provinceCode: v.nullable(v.string()), unitName: v.optional(v.nullable(v.string())) });
export const loginResultSchema = v.object({ token: v.string(), user: meSchema });
export const tokenSchema = v.object({ token: v.string() });
