import { Hono } from "hono";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { describeRoute } from "../lib/openapi";
import { Problem } from "../lib/problem";
import { validate } from "../lib/validate";
import {
  createVillageSchema,
  unitParamSchema,
  updateVillageSchema,
  villageImportResultSchema,
  villageListSchema,
  villageParamSchema,
  villageSchema,
} from "./schema";
import { createVillage, deleteVillage, importVillages, listVillages, updateVillage } from "./workflow";

/** `/api/v1/units/:code/villages`: a commune's villages and residential groups (thôn, tổ dân phố). */
export const villagesApi = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({
      tags: ["Villages"],
      summary: "A commune's villages (public; the unit's officials also see the heads' contacts)",
      responses: { 200: { description: "Villages by name", schema: villageListSchema } },
    }),
    validate("param", unitParamSchema),
    async (c) => c.json({ items: await listVillages(c.env.DB, c.get("user"), c.req.valid("param").code), nextCursor: null }),
  )
  .post(
    "/",
    describeRoute({
      tags: ["Villages"],
      summary: "Add a village (the commune head of the unit, administrators)",
      responses: { 201: { description: "Added", schema: villageSchema }, 409: { description: "The commune already has a village of that name" } },
    }),
    access("commune_head", "admin"),
    validate("param", unitParamSchema),
    validate("json", createVillageSchema),
    async (c) => c.json(await createVillage(c.env.DB, currentUser(c), c.req.valid("param").code, c.req.valid("json")), 201),
  )
  .post(
    "/import",
    describeRoute({
      tags: ["Villages"],
      summary: "Import a commune's villages from CSV (all rows or none)",
      description: "Header `name,head_name,head_phone,head_email`. Known names (compared without diacritics) are updated. Errors name CSV `line` numbers.",
      rawBody: { mediaType: "text/csv", description: "UTF-8 CSV, optionally with a BOM" },
      responses: { 200: { description: "Imported", schema: villageImportResultSchema } },
    }),
    access("commune_head", "admin"),
    validate("param", unitParamSchema),
    async (c) => {
      if (!/^text\/(csv|plain)\b/i.test(c.req.header("content-type") ?? "")) throw new Problem(415, "csv.content_type");
      return c.json(await importVillages(c.env.DB, currentUser(c), c.req.valid("param").code, await c.req.text()));
    },
  )
  .patch(
    "/:id",
    describeRoute({ tags: ["Villages"], summary: "Change a village or its head", responses: { 200: { description: "The village", schema: villageSchema } } }),
    access("commune_head", "admin"),
    validate("param", villageParamSchema),
    validate("json", updateVillageSchema),
    async (c) => {
      const { code, id } = c.req.valid("param");
      return c.json(await updateVillage(c.env.DB, currentUser(c), code, id, c.req.valid("json")));
    },
  )
  .delete(
    "/:id",
    describeRoute({
      tags: ["Villages"],
      summary: "Remove a village from the list (past sessions keep naming it)",
      responses: { 204: { description: "Removed" } },
    }),
    access("commune_head", "admin"),
    validate("param", villageParamSchema),
    async (c) => {
      const { code, id } = c.req.valid("param");
      await deleteVillage(c.env.DB, currentUser(c), code, id);
      return c.body(null, 204);
    },
  );
