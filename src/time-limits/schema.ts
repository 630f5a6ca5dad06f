import * as v from "valibot";
import type { DayKind } from "../holidays/rules";
import { localDateSchema, unitCodeSchema } from "../units/schema";

/**
 * The legal periods, per kind of petition (DOMAIN.md, Petitions): acknowledgement (accepted, guided or transferred)
 * of recommendations and feedback, of complaints, of denunciations (and those to be verified), the transfer of a
 * denunciation outside the commune's competence, and resolution.
 */
export const TIME_LIMIT_RULES = [
  "acknowledge_recommendation",
  "acknowledge_feedback",
  "acknowledge_complaint",
  "acknowledge_denunciation",
  "acknowledge_denunciation_verification",
  "transfer_denunciation",
  "complaint",
  "complaint_complex",
  "complaint_remote",
  "complaint_remote_complex",
  "denunciation",
  "denunciation_extension",
  "recommendation",
  "feedback",
] as const;
export type TimeLimitRule = (typeof TIME_LIMIT_RULES)[number];

/** A legal period: how many days, counted as working or calendar days, and from which day the rule applies. */
export type TimeLimit = { days: number; dayKind: DayKind; effectiveFrom: string; provisional: boolean };
/** The limit in force for each rule, in one province, on one day. */
export type TimeLimits = Record<TimeLimitRule, TimeLimit>;

export const DAY_KINDS = ["working", "calendar"] as const;

const timeLimitSchema = v.object({
  provinceCode: v.string(),
  rule: v.picklist(TIME_LIMIT_RULES),
  effectiveFrom: v.string(),
  days: v.number(),
  dayKind: v.picklist(DAY_KINDS),
  /** Seeded from a report not yet checked against the statute: shown flagged until an administrator confirms it. */
  provisional: v.boolean(),
  /** The legal basis, when known. */
  source: v.nullable(v.string()),
  /** True when the province has its own value; false when the national rule applies. */
  overridden: v.boolean(),
});
export type TimeLimitEntry = v.InferOutput<typeof timeLimitSchema>;
export const timeLimitListSchema = v.object({
  /** The day the `items` are in force on. */
  on: v.string(),
  items: v.array(timeLimitSchema),
  /** Every dated rule of the province and the nation, past and future, by rule and date. */
  dated: v.array(timeLimitSchema),
});
export type TimeLimitList = v.InferOutput<typeof timeLimitListSchema>;
const provinceParam = v.union([v.literal("*"), unitCodeSchema]);
export const timeLimitQuerySchema = v.object({ province: v.optional(provinceParam), on: v.optional(localDateSchema) });
export const timeLimitParamSchema = v.object({ province: provinceParam, rule: v.picklist(TIME_LIMIT_RULES) });
export const confirmTimeLimitParamSchema = v.object({ ...timeLimitParamSchema.entries, effectiveFrom: localDateSchema });
export const putTimeLimitSchema = v.object({
  days: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(365)),
  dayKind: v.picklist(DAY_KINDS),
  /** From which local day it applies (default: today). Petitions received before keep the rules of their day. */
  effectiveFrom: v.optional(localDateSchema),
  provisional: v.optional(v.boolean(), false),
});
/** The admin page's form: one rule of one province, with its new value. */
export const timeLimitFormSchema = v.object({ ...timeLimitParamSchema.entries, ...putTimeLimitSchema.entries });
export type TimeLimitChange = v.InferOutput<typeof timeLimitFormSchema>;
