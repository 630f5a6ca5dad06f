import * as v from "valibot";
import { code } from "../lib/validate";

export const categoryCodeSchema = v.pipe(v.string(), v.trim(), v.regex(/^[a-z0-9-]{1,40}$/, code("category.code_format")));

/** A category as an administrator adds it. */
export const categorySchema = v.object({
  code: categoryCodeSchema,
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
  /** The name on English pages; without one they show `name`. */
  nameEn: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120))),
  description: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(500))),
});
export type NewCategory = v.InferOutput<typeof categorySchema>;

export const categoryViewSchema = v.object({ code: v.string(), name: v.string(), nameEn: v.nullable(v.string()), description: v.nullable(v.string()) });
export type Category = v.InferOutput<typeof categoryViewSchema>;
export const categoryListSchema = v.object({ items: v.array(categoryViewSchema) });
