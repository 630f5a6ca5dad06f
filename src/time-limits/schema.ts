import * as v from "valibot";
import type { DayKind } from "../holidays/rules";
import { unitCodeSchema } from "../units/schema";

const TIME_LIMIT_RULES = [
  "acknowledge",
  "complaint",
  "complaint_complex",
  "complaint_remote",
  "complaint_remote_complex",
  "denunciation",
  "denunciation_extension",
  "recommendation",
  "feedback",
  "mixed",
] as const;
export type TimeLimitRule = (typeof TIME_LIMIT_RULES)[number];

/** A legal period: how many days, counted as working or calendar days. */
type TimeLimit = { days: number; dayKind: DayKind };
/** The limit in force for each rule, in one province. */
export type TimeLimits = Record<TimeLimitRule, TimeLimit>;

const DAY_KINDS = ["working", "calendar"] as const;

const timeLimitSchema = v.object({
  provinceCode: v.string(),
  rule: v.picklist(TIME_LIMIT_RULES),
  days: v.number(),
  dayKind: v.picklist(DAY_KINDS),
  /** True when the province has its own value; false when the national default applies. */
  overridden: v.boolean(),
});
export type TimeLimitEntry = v.InferOutput<typeof timeLimitSchema>;
export const timeLimitListSchema = v.object({ items: v.array(timeLimitSchema) });
export const timeLimitQuerySchema = v.object({ province: v.optional(unitCodeSchema) });
export const timeLimitParamSchema = v.object({ province: v.union([v.literal("*"), unitCodeSchema]), rule: v.picklist(TIME_LIMIT_RULES) });
export const putTimeLimitSchema = v.object({
  days: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(365)),
  dayKind: v.picklist(DAY_KINDS),
});
/** The admin page's form: one rule of one province, with its new value. */
export const timeLimitFormSchema = v.object({ ...timeLimitParamSchema.entries, ...putTimeLimitSchema.entries });
export type TimeLimitChange = v.InferOutput<typeof timeLimitFormSchema>;
