import { Hono } from "hono";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { describeRoute } from "../lib/openapi";
import { validate } from "../lib/validate";
import { categoryListSchema, categorySchema, categoryViewSchema } from "./schema";
import { createCategory, listCategories } from "./workflow";

/** `/api/v1/categories`: fields of petitions (đất đai, hạ tầng, …). Public to read; administrators add. */
export const categoriesApi = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({ tags: ["Petitions"], summary: "Petition categories", responses: { 200: { description: "Categories", schema: categoryListSchema } } }),
    async (c) => c.json({ items: await listCategories(c.env.DB) }),
  )
  .post(
    "/",
    describeRoute({
      tags: ["Petitions"],
      summary: "Add a category",
      responses: { 201: { description: "Added", schema: categoryViewSchema }, 409: { description: "The code is taken" } },
    }),
    access("admin"),
    validate("json", categorySchema),
    async (c) => c.json(await createCategory(c.env.DB, currentUser(c).id, c.req.valid("json")), 201),
  );
