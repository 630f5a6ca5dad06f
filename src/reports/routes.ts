import { Hono } from "hono";
import * as v from "valibot";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { EXPORT_FORMATS, exportBody, exportResponse } from "../lib/export-stream";
import { describeRoute } from "../lib/openapi";
import { validate } from "../lib/validate";
import { complianceShape } from "./compliance-columns";
import { yearReview } from "./review-workflow";
import {
  complianceItemSchema,
  complianceQuerySchema,
  complianceReportSchema,
  reviewQuerySchema,
  reviewSchema,
  summaryQuerySchema,
  summaryReportSchema,
} from "./schema";
import { complianceReport, summaryReport } from "./workflow";

const OFFICIALS = ["admin", "supervisor", "commune_head", "commune_staff"] as const;

/** `/api/v1/reports`: figures computed live from D1, one round trip each. */
export const reportsApi = new Hono<AppEnv>()
  .get(
    "/compliance",
    describeRoute({
      tags: ["Reports and exports"],
      summary: "Has every commune held its dialogue? Compliance per commune-level unit for a period",
      description:
        "`province` (default: yours; administrators must name one), `year` (default: this year), `period` M01..M12, Q1..Q4, H1, M9 or year " +
        "(default). Periods are calendar or cut-off ones as the province policy in force says; the policy in force at the period's end judges " +
        "it. `status` is `met` once the year's sessions by the policy's deadline reach its minimum, `not_met` once that deadline has passed " +
        "within the period without them, else `pending`. Short-notice and recorded-afterwards sessions count and are shown as such. " +
        "Units merged in 2025 keep their own figures and share the status of the unit that replaced them (`rollsUpTo`, `mergedFrom`). " +
        "Commune officials see their own unit only. Computed live.",
      responses: { 200: { description: "The report", schema: complianceReportSchema } },
    }),
    access(...OFFICIALS),
    validate("query", complianceQuerySchema),
    async (c) => c.json(await complianceReport(c.env.DB, currentUser(c), c.req.valid("query"))),
  )
  .get(
    "/summary",
    describeRoute({
      tags: ["Reports and exports"],
      summary: "A commune's or a province's figures over any range of days",
      description:
        "`unit` or `province` (default: your unit, or a supervisor's province), `from`/`to` local days (default: 1 January to today). " +
        "Sessions by the day they took place, petitions by the day they came in; units merged into the one asked for are included. Computed live.",
      responses: { 200: { description: "The summary", schema: summaryReportSchema } },
    }),
    access(...OFFICIALS),
    validate("query", summaryQuerySchema),
    async (c) => c.json(await summaryReport(c.env.DB, currentUser(c), c.req.valid("query"))),
  )
  .get(
    "/review",
    describeRoute({
      tags: ["Reports and exports"],
      summary: "The year-end review: every opinion raised at a commune's sessions of a year, and what became of it",
      description:
        "`unit` (a commune; commune officials: default their own), `year` (default: this year, cut as the province policy cuts report years). " +
        "Each held session of the year (the units merged into the commune included) with its opinions in the minutes' order: `outcome` is " +
        "`answered` (on the spot), `petition_resolved` / `petition_closed` (returned, filed or a duplicate) / `petition_open` for a follow-up " +
        "petition, `commitment_done` / `commitment_open` for a commitment, `not_followed` for neither; `late` when a commitment missed its due " +
        "day (flagged, not done after it, or done after it), as the compliance figures count it. Who asked is never included (the village is). " +
        "Officials of the commune and supervisors of its province; one round trip, computed live.",
      responses: { 200: { description: "The review", schema: reviewSchema } },
    }),
    access(...OFFICIALS),
    validate("query", reviewQuerySchema),
    async (c) => c.json(await yearReview(c.env.DB, currentUser(c), c.req.valid("query"))),
  );

const MEDIA_TYPES = { csv: "text/csv", xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } as const;

/** `/api/v1/exports/compliance.{csv,xlsx,json}`: the compliance report as a file (mounted beside the exports domain's routes). */
export const complianceExportsApi = new Hono<AppEnv>();
for (const format of EXPORT_FORMATS) {
  complianceExportsApi.get(
    `/compliance.${format}`,
    describeRoute({
      tags: ["Reports and exports"],
      summary: `The compliance report as ${format.toUpperCase()}`,
      description:
        "The rows of `GET /reports/compliance` for `province`, `year` and `period` (same defaults and reach; commune officials get their own " +
        "unit). Computed live, one round trip. CSV is UTF-8 with a BOM, text that would start a formula gets a leading apostrophe; " +
        "XLSX has numbers as numbers; JSON is `{ items }` as the report gives them.",
      responses: {
        200:
          format === "json"
            ? { description: "The compliance report's items", schema: v.object({ items: v.array(complianceItemSchema) }) }
            : { description: "The file", mediaType: MEDIA_TYPES[format] },
      },
    }),
    access(...OFFICIALS),
    validate("query", complianceQuerySchema),
    async (c) => {
      const report = await complianceReport(c.env.DB, currentUser(c), c.req.valid("query"));
      const t = c.get("translate");
      const period = report.periodName === "year" ? String(report.year) : `${report.periodName} ${report.year}`;
      const rows = (async function* () {
        yield report.items;
      })();
      return exportResponse(format, `${t("exports.compliance.file")} - ${report.province.name} - ${period}`, exportBody(format, complianceShape(t), rows));
    },
  );
}
