/** Reports: what their queries accept and what they answer — the one source of validation and of `/openapi.json`. */
import * as v from "valibot";
import { code } from "../lib/validate";
import { PETITION_KINDS, PETITION_STATUSES } from "../petitions/schema";
import { policySchema } from "../policies/schema";
import { localDateSchema, unitCodeSchema } from "../units/schema";
import { PERIOD_NAMES } from "./periods";
import { COMPLIANCE_STATUSES, OPINION_OUTCOMES } from "./rules";
import { COMMITMENT_FIGURE_NAMES, PETITION_FIGURE_NAMES } from "./store";

/** A year as people type it in a query: four digits, 2000–2100. */
export const yearQuerySchema = v.pipe(v.string(), v.trim(), v.regex(/^\d{4}$/, code("report.year_format")), v.toNumber(), v.minValue(2000), v.maxValue(2100));

/** `GET /reports/compliance?province=&year=&period=`: the caller's province and this year's whole year unless given. */
export const complianceQuerySchema = v.object({
  province: v.optional(unitCodeSchema),
  year: v.optional(yearQuerySchema),
  period: v.optional(v.picklist(PERIOD_NAMES, code("report.period_choice")), "year"),
});
export type ComplianceQuery = v.InferOutput<typeof complianceQuerySchema>;

/** A commune or a province (neither: the caller's own), and a range of local days (both inclusive). */
const scopeAndRange = {
  unit: v.optional(unitCodeSchema),
  province: v.optional(unitCodeSchema),
  from: v.optional(localDateSchema),
  to: v.optional(localDateSchema),
};
/** Checks of a scope and range: one of unit or province, and days in order (written out per schema for valibot's types). */
const notBoth = (query: { unit?: string; province?: string }) => !(query.unit && query.province);
const inOrder = (query: { from?: string; to?: string }) => !query.from || !query.to || query.from <= query.to;

/** `GET /reports/summary?unit=|province=&from=&to=`: from the first day of `to`'s year to today unless given. */
export const summaryQuerySchema = v.pipe(
  v.object(scopeAndRange),
  v.forward(
    v.check((query) => notBoth(query), code("report.scope_both")),
    ["province"],
  ),
  v.forward(
    v.check((query) => inOrder(query), code("report.range_order")),
    ["to"],
  ),
);
export type SummaryQuery = v.InferOutput<typeof summaryQuerySchema>;

const unitRefSchema = v.object({ code: v.string(), name: v.string() });
const rangeSchema = v.object({ from: v.string(), to: v.string() });

export const complianceItemSchema = v.object({
  unit: unitRefSchema,
  sessionsHeld: v.number(),
  recordedAfterwards: v.number(),
  shortNotice: v.number(),
  resultsOnTime: v.number(),
  resultsLate: v.number(),
  petitionsReceived: v.number(),
  acknowledgedOnTime: v.number(),
  resolvedOnTime: v.number(),
  overdue: v.number(),
  commitmentsDone: v.number(),
  commitmentsLate: v.number(),
  status: v.picklist(COMPLIANCE_STATUSES),
  acknowledgedLate: v.number(),
  resolvedLate: v.number(),
  validFrom: v.nullable(v.string()),
  validTo: v.nullable(v.string()),
  rollsUpTo: v.nullable(unitRefSchema),
  mergedFrom: v.array(unitRefSchema),
  sessionsCounted: v.number(),
  sessionsRequired: v.number(),
  deadline: v.string(),
});

export const complianceReportSchema = v.object({
  province: unitRefSchema,
  year: v.number(),
  periodName: v.picklist(PERIOD_NAMES),
  period: v.object({ from: v.string(), to: v.string(), mode: v.picklist(["calendar", "cutoff"]) }),
  policy: policySchema,
  today: v.string(),
  items: v.array(complianceItemSchema),
});

const countsSchema = v.record(v.string(), v.number());

export const summaryReportSchema = v.object({
  scope: v.object({ kind: v.picklist(["unit", "province"]), code: v.string(), name: v.string() }),
  period: rangeSchema,
  today: v.string(),
  /** The province policy in force on the last day. */
  policy: policySchema,
  /** The units whose records are counted: the commune (or every commune of the province) and the units merged into them. */
  units: v.array(unitRefSchema),
  sessions: v.object({
    sessionsHeld: v.number(),
    recordedAfterwards: v.number(),
    shortNotice: v.number(),
    resultsOnTime: v.number(),
    resultsLate: v.number(),
  }),
  petitions: v.object({
    received: v.number(),
    acknowledgedOnTime: v.number(),
    acknowledgedLate: v.number(),
    resolvedOnTime: v.number(),
    resolvedLate: v.number(),
    overdue: v.number(),
    byStatus: countsSchema,
    byKind: countsSchema,
  }),
  commitments: v.object({ commitmentsDone: v.number(), commitmentsLate: v.number() }),
});

/** `own=1`: the unit alone, without the units merged into it (what one row of the compliance table counts). */
const ownQuery = v.optional(v.picklist(["1", "true"]));

/** The lists behind a figure: which figure, and the same scope and days as the report it came from. */
export const petitionFigureQuerySchema = v.pipe(
  v.object({
    ...scopeAndRange,
    figure: v.optional(v.picklist(PETITION_FIGURE_NAMES, code("report.figure_choice")), "received"),
    status: v.optional(v.picklist(PETITION_STATUSES)),
    kind: v.optional(v.picklist([...PETITION_KINDS, "unclassified"])),
    own: ownQuery,
    cursor: v.optional(v.pipe(v.string(), v.maxLength(400))),
  }),
  v.forward(
    v.check((query) => notBoth(query), code("report.scope_both")),
    ["province"],
  ),
  v.forward(
    v.check((query) => inOrder(query), code("report.range_order")),
    ["to"],
  ),
);
export type PetitionFigureQuery = v.InferOutput<typeof petitionFigureQuerySchema>;

export const SESSION_FIGURES = ["sessionsHeld", "recordedAfterwards", "shortNotice", "resultsOnTime", "resultsLate"] as const;

export const sessionFigureQuerySchema = v.pipe(
  v.object({ ...scopeAndRange, figure: v.optional(v.picklist(SESSION_FIGURES, code("report.figure_choice")), "sessionsHeld"), own: ownQuery }),
  v.forward(
    v.check((query) => notBoth(query), code("report.scope_both")),
    ["province"],
  ),
  v.forward(
    v.check((query) => inOrder(query), code("report.range_order")),
    ["to"],
  ),
);
export type SessionFigureQuery = v.InferOutput<typeof sessionFigureQuerySchema>;

/** The commitments behind a figure: made at the sessions of those days. */
export const commitmentFigureQuerySchema = v.pipe(
  v.object({
    ...scopeAndRange,
    figure: v.optional(v.picklist(COMMITMENT_FIGURE_NAMES, code("report.figure_choice")), "commitmentsLate"),
    own: ownQuery,
    cursor: v.optional(v.pipe(v.string(), v.maxLength(400))),
  }),
  v.forward(
    v.check((query) => notBoth(query), code("report.scope_both")),
    ["province"],
  ),
  v.forward(
    v.check((query) => inOrder(query), code("report.range_order")),
    ["to"],
  ),
);
export type CommitmentFigureQuery = v.InferOutput<typeof commitmentFigureQuerySchema>;

/** `GET /reports/review?unit=&year=`: a commune (a commune official: their own by default) and a year (default: this one). */
export const reviewQuerySchema = v.object({
  unit: v.optional(unitCodeSchema),
  year: v.optional(yearQuerySchema),
});
export type ReviewQuery = v.InferOutput<typeof reviewQuerySchema>;

export const reviewSchema = v.object({
  unit: unitRefSchema,
  year: v.number(),
  /** The report year as the province policy cuts it. */
  period: v.object({ from: v.string(), to: v.string(), mode: v.picklist(["calendar", "cutoff"]) }),
  today: v.string(),
  figures: v.object({
    opinions: v.number(),
    answered: v.number(),
    petitions: v.number(),
    petitionsResolved: v.number(),
    petitionsClosed: v.number(),
    commitments: v.number(),
    commitmentsDone: v.number(),
    commitmentsLate: v.number(),
    /** Follow-ups not yet settled, and opinions neither answered nor followed up. */
    open: v.number(),
  }),
  sessions: v.array(
    v.object({
      id: v.string(),
      title: v.string(),
      day: v.string(),
      unit: unitRefSchema,
      opinions: v.array(
        v.object({
          id: v.string(),
          position: v.number(),
          question: v.string(),
          village: v.nullable(v.string()),
          answer: v.nullable(v.string()),
          answeredOnSpot: v.boolean(),
          outcome: v.picklist(OPINION_OUTCOMES),
          late: v.boolean(),
          petition: v.nullable(
            v.object({
              status: v.picklist(PETITION_STATUSES),
              kind: v.nullable(v.picklist(PETITION_KINDS)),
              resolveBy: v.nullable(v.string()),
              answeredOn: v.nullable(v.string()),
            }),
          ),
          commitment: v.nullable(
            v.object({
              description: v.string(),
              owner: v.nullable(v.string()),
              dueOn: v.string(),
              status: v.picklist(["open", "in_progress", "done"]),
              percent: v.number(),
              doneOn: v.nullable(v.string()),
            }),
          ),
        }),
      ),
    }),
  ),
});
