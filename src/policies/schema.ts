import * as v from "valibot";
import { code } from "../lib/validate";
import { localDateSchema, unitCodeSchema } from "../units/schema";

export const REPORT_PERIODS = ["calendar", "cutoff"] as const;
export type ReportPeriods = (typeof REPORT_PERIODS)[number];

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A day of the year, MM-DD (29/2 allowed: in other years it is read as the end of February). */
export const monthDaySchema = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^\d{2}-\d{2}$/, code("policy.month_day_format")),
  v.check((value) => {
    const [month, day] = value.split("-").map(Number);
    return month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1];
  }, code("policy.month_day_format")),
);

const whole = (min: number, max: number) => v.pipe(v.number(code("integer")), v.integer(), v.minValue(min), v.maxValue(max));

/** `PUT /policies/:province`: one dated row of a province's policy. */
export const putPolicySchema = v.object({
  effectiveFrom: localDateSchema,
  minSessionsPerYear: whole(1, 12),
  inYearDeadline: v.optional(v.nullable(monthDaySchema)),
  noticeDays: whole(1, 90),
  resultsDays: whole(1, 90),
  feedbackWindowWorkingDays: whole(1, 60),
  reportPeriods: v.picklist(REPORT_PERIODS),
  personalDataRetentionMonths: whole(1, 240),
});
export type PutPolicyInput = v.InferOutput<typeof putPolicySchema>;

export const provinceParamSchema = v.object({ province: unitCodeSchema });
export const policyQuerySchema = v.object({ on: v.optional(localDateSchema) });

/** The policy in force on a day; `effectiveFrom` is null (and `isDefault` true) when the province set none. */
export const policySchema = v.object({
  effectiveFrom: v.nullable(v.string()),
  isDefault: v.boolean(),
  minSessionsPerYear: v.number(),
  inYearDeadline: v.nullable(v.string()),
  noticeDays: v.number(),
  resultsDays: v.number(),
  feedbackWindowWorkingDays: v.number(),
  reportPeriods: v.picklist(REPORT_PERIODS),
  personalDataRetentionMonths: v.number(),
});
export type Policy = v.InferOutput<typeof policySchema>;

export const policyViewSchema = v.object({
  province: v.object({ code: v.string(), name: v.string() }),
  on: v.string(),
  inForce: policySchema,
  items: v.array(policySchema),
});
export type PolicyView = v.InferOutput<typeof policyViewSchema>;
