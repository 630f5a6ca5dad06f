import { Hono } from "hono";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { describeRoute } from "../lib/openapi";
import { decodeCursor, toPage } from "../lib/pagination";
import { notFound, Problem } from "../lib/problem";
import { validate } from "../lib/validate";
import { createUnitSchema, importResultSchema, listUnitsQuerySchema, unitCodeParamSchema, unitPageSchema, unitSchema } from "./schema";
import { getUnit, listUnits, toUnit } from "./store";
import { createUnit, importUnits } from "./workflow";

/** `/api/v1/units`: the administrative unit list, public to read, administrators to change. */
export const unitsApi = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({ tags: ["Units"], summary: "List administrative units", responses: { 200: { description: "A page of units", schema: unitPageSchema } } }),
    validate("query", listUnitsQuerySchema),
    async (c) => {
      const { limit, cursor, ...filter } = c.req.valid("query");
      const after = decodeCursor(cursor, ["string"]);
      const rows = await listUnits(c.env.DB, filter, limit, (after?.[0] as string) ?? null);
      return c.json(toPage(rows, limit, toUnit, (row) => [row.code]));
    },
  )
  .get(
    "/:code",
    describeRoute({ tags: ["Units"], summary: "One administrative unit", responses: { 200: { description: "The unit", schema: unitSchema } } }),
    validate("param", unitCodeParamSchema),
    async (c) => {
      const unit = await getUnit(c.env.DB, c.req.valid("param").code);
      if (!unit) throw notFound("unit.not_found");
      return c.json(unit);
    },
  )
  .post(
    "/",
    describeRoute({ tags: ["Units"], summary: "Create a unit", responses: { 201: { description: "Created", schema: unitSchema } } }),
    access("admin"),
    validate("json", createUnitSchema),
    async (c) => {
      return c.json(await createUnit(c.env.DB, currentUser(c), c.req.valid("json")), 201);
    },
  )
  .post(
    "/import",
    describeRoute({
      tags: ["Units"],
      summary: "Import the official unit list (CSV, all rows or none)",
      description: "Header `code,name,level,parent_code[,valid_from,valid_to,replaced_by]`. Existing codes are updated. Errors name CSV `line` numbers.",
      rawBody: { mediaType: "text/csv", description: "UTF-8 CSV, optionally with a BOM" },
      responses: { 200: { description: "Imported", schema: importResultSchema } },
    }),
    access("admin"),
    async (c) => {
      const type = c.req.header("content-type") ?? "";
      if (!/^text\/(csv|plain)\b/i.test(type)) throw new Problem(415, "csv.content_type");
      return c.json(await importUnits(c.env.DB, currentUser(c), await c.req.text()));
    },
  );
