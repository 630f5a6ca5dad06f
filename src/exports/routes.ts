import { Hono } from "hono";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { localDay } from "../lib/dates";
import { EXPORT_FORMATS, exportBody, exportResponse } from "../lib/export-stream";
import { describeRoute } from "../lib/openapi";
import { validate } from "../lib/validate";
import { exportFileName, petitionExportShape, petitionsFileName } from "./columns";
import { commitmentExportShape } from "./commitment-columns";
import { receptionBookShape } from "./reception-columns";
import { commitmentExportSchema, exportQuerySchema, petitionExportSchema } from "./schema";
import { sessionExportShape } from "./session-columns";
import { openCommitmentsExport, openPetitionsExport, openReceptionBookExport, openSessionsExport } from "./workflow";

const MEDIA_TYPES = { csv: "text/csv", xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", json: "application/json" } as const;
const OFFICIALS = ["commune_head", "commune_staff", "supervisor"] as const;
const TAGS = ["Reports and exports"];
const FORMATS_NOTE =
  "CSV is UTF-8 with a BOM, text that would start a formula (= + - @, tab, CR) gets a leading apostrophe; XLSX has dates as dates and numbers as numbers; " +
  "JSON is `{ items }`. The file streams page by page (1,000 rows a D1 query); more rows than one request's query budget allows: 400.";
const fileResponse = (format: (typeof EXPORT_FORMATS)[number], description: string) =>
  format === "json" ? { description } : { description: "The file", mediaType: MEDIA_TYPES[format] };

/** `/api/v1/exports`: downloads that stream, page by page, whatever their size. */
export const exportsApi = new Hono<AppEnv>();

for (const format of EXPORT_FORMATS) {
  exportsApi.get(
    `/petitions.${format}`,
    describeRoute({
      tags: TAGS,
      summary: `Export petitions as ${format.toUpperCase()} (officials; your unit, or your province for supervisors)`,
      description:
        "`unit` or `province` (outside your reach: 404; neither: your own), `from`/`to` local days on the day a petition came in. " +
        "Oldest first. Submitter columns are empty unless you may see that submitter; each export is logged. " +
        FORMATS_NOTE,
      responses: {
        200: format === "json" ? { description: "The petitions", schema: petitionExportSchema } : { description: "The file", mediaType: MEDIA_TYPES[format] },
      },
    }),
    access(...OFFICIALS),
    validate("query", exportQuerySchema),
    async (c) => {
      const query = c.req.valid("query");
      const opened = await openPetitionsExport(c.env.DB, currentUser(c), query, { format, requestId: c.get("requestId") });
      const t = c.get("translate");
      return exportResponse(format, petitionsFileName(t, opened.unit, query), exportBody(format, petitionExportShape(t, opened.showsIdentity), opened.pages));
    },
  );

  exportsApi.get(
    `/sessions.${format}`,
    describeRoute({
      tags: TAGS,
      summary: `Export dialogue sessions as ${format.toUpperCase()}`,
      description:
        "Sessions announced or recorded (not drafts) of `unit` or `province` (default: yours), by the day they take place (`from`/`to`), " +
        "with notice, results due and whether they came out on time. No personal data. " +
        FORMATS_NOTE,
      responses: { 200: fileResponse(format, "`{ items }`: the sessions") },
    }),
    access(...OFFICIALS),
    validate("query", exportQuerySchema),
    async (c) => {
      const query = c.req.valid("query");
      const opened = await openSessionsExport(c.env.DB, currentUser(c), query, { format, requestId: c.get("requestId") });
      const t = c.get("translate");
      return exportResponse(
        format,
        exportFileName(t, t("exports.sessions.file"), opened.unit, query),
        exportBody(format, sessionExportShape(t, localDay(), opened.holidays), opened.pages),
      );
    },
  );

  exportsApi.get(
    `/reception-book.${format}`,
    describeRoute({
      tags: TAGS,
      summary: `The reception book (sổ tiếp công dân, form Mẫu 03/TCD) as ${format.toUpperCase()}`,
      description:
        "The people received in person (walk-ins) by `unit` or the units of `province` (default: yours), numbered in the order they came, in " +
        "the form's columns: no., date, name and address, ID or passport number, content summary, type, number of people, body already handling " +
        "it, accepted (x), guided to whom and the guidance letter's number, transferred to whom and the transfer letter's number, follow-up. " +
        "Name, address and ID only when you may see that submitter; each export is logged. " +
        FORMATS_NOTE,
      responses: { 200: fileResponse(format, "`{ items }`: the book's lines") },
    }),
    access(...OFFICIALS),
    validate("query", exportQuerySchema),
    async (c) => {
      const query = c.req.valid("query");
      const opened = await openReceptionBookExport(c.env.DB, currentUser(c), query, { format, requestId: c.get("requestId") });
      const t = c.get("translate");
      return exportResponse(
        format,
        exportFileName(t, t("exports.receptionBook.file"), opened.unit, query),
        exportBody(format, receptionBookShape(t, opened.showsIdentity), opened.pages),
      );
    },
  );

  exportsApi.get(
    `/commitments.${format}`,
    describeRoute({
      tags: TAGS,
      summary: `Export the commitments made at dialogue sessions as ${format.toUpperCase()}`,
      description:
        "Every commitment of `unit` or the units of `province` (default: yours), by its due day (`from`/`to` on the due day; earliest first): " +
        "the unit, the session and its day, the opinion it answers, what was promised, by whom (an official or a body), the due day, status " +
        "and progress, whether it missed its due day (flagged by the daily job, not done after it, or done after it) and the day it was done. " +
        "Officials see commitments before the results are published too. No resident's identity; each export is logged. " +
        FORMATS_NOTE,
      responses: {
        200:
          format === "json" ? { description: "The commitments", schema: commitmentExportSchema } : { description: "The file", mediaType: MEDIA_TYPES[format] },
      },
    }),
    access(...OFFICIALS),
    validate("query", exportQuerySchema),
    async (c) => {
      const query = c.req.valid("query");
      const opened = await openCommitmentsExport(c.env.DB, currentUser(c), query, { format, requestId: c.get("requestId") });
      const t = c.get("translate");
      return exportResponse(
        format,
        exportFileName(t, t("exports.commitments.file"), opened.unit, query),
        exportBody(format, commitmentExportShape(t, localDay()), opened.pages),
      );
    },
  );
}
