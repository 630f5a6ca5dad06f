import { Hono } from "hono";
import { access, currentUser } from "../auth/access";
import type { AppEnv } from "../env";
import { describeRoute } from "../lib/openapi";
import { validate } from "../lib/validate";
import { complianceQuerySchema, complianceReportSchema, summaryQuerySchema, summaryReportSchema } from "./schema";
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
  );
