import { Hono } from "hono";
import * as v from "valibot";
import { auditStatement } from "../audit/store";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { describeRoute } from "../lib/openapi";
import { conflict } from "../lib/problem";
import { validate } from "../lib/validate";
import { categoryCodeSchema } from "../petitions/schema";

export const categorySchema = v.object({
  code: categoryCodeSchema,
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
  description: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(500))),
});
export type Category = { code: string; name: string; description: string | null };

export async function listCategories(db: D1Database): Promise<Category[]> {
  const { results } = await db.prepare("SELECT code, name, description FROM categories ORDER BY code = 'khac', name").all<Category>();
  return results;
}

/** `/api/v1/categories`: fields of petitions (đất đai, hạ tầng, …). Public to read; administrators add. */
export const categoriesApi = new Hono<AppEnv>()
  .get("/", describeRoute({ tags: ["Petitions"], summary: "Petition categories" }), async (c) => c.json({ items: await listCategories(c.env.DB) }))
  .post(
    "/",
    describeRoute({ tags: ["Petitions"], summary: "Add a category", responses: { 201: { description: "Added", schema: categorySchema } } }),
    access("admin"),
    validate("json", categorySchema),
    async (c) => {
      const category = c.req.valid("json");
      const result = await c.env.DB.prepare("INSERT INTO categories (code, name, description) VALUES (?, ?, ?) ON CONFLICT (code) DO NOTHING")
        .bind(category.code, category.name, category.description ?? null)
        .run();
      if (result.meta.changes !== 1) throw conflict(`Lĩnh vực ${category.code} đã có / category exists`);
      await auditStatement(c.env.DB, { actorId: currentUser(c).id, action: "category.create", targetType: "category", targetId: category.code }).run();
      return c.json({ ...category, description: category.description ?? null }, 201);
    },
  );
