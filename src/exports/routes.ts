import { Hono } from "hono";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { EXPORT_FORMATS, exportBody, exportResponse } from "../lib/export-stream";
import { describeRoute } from "../lib/openapi";
import { validate } from "../lib/validate";
import { petitionExportShape, petitionsFileName } from "./columns";
import { exportQuerySchema, petitionExportSchema } from "./schema";
import { openPetitionsExport } from "./workflow";

const MEDIA_TYPES = { csv: "text/csv", xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", json: "application/json" } as const;

/** `/api/v1/exports`: downloads that stream, page by page, whatever their size. */
export const exportsApi = new Hono<AppEnv>();

for (const format of EXPORT_FORMATS) {
  exportsApi.get(
    `/petitions.${format}`,
    describeRoute({
      tags: ["Reports and exports"],
      summary: `Export petitions as ${format.toUpperCase()} (officials; your unit, or your province for supervisors)`,
      description:
        "`unit` or `province` (outside your reach: 404; neither: your own), `from`/`to` local days on the day a petition came in. " +
        "Oldest first. CSV is UTF-8 with a BOM, text that would start a formula gets a leading apostrophe; XLSX has dates as dates. " +
        "Submitter columns are empty unless you may see that submitter; each export is logged. Too many rows for one request: 400.",
      responses: {
        200: format === "json" ? { description: "The petitions", schema: petitionExportSchema } : { description: "The file", mediaType: MEDIA_TYPES[format] },
      },
    }),
    access("commune_head", "commune_staff", "supervisor"),
    validate("query", exportQuerySchema),
    async (c) => {
      const query = c.req.valid("query");
      const opened = await openPetitionsExport(c.env.DB, currentUser(c), query, { format, requestId: c.get("requestId") });
      const t = c.get("translate");
      return exportResponse(format, petitionsFileName(t, opened.unit, query), exportBody(format, petitionExportShape(t, opened.showsIdentity), opened.pages));
    },
  );
}
