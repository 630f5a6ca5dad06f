import * as v from "valibot";
import { unitCodeSchema } from "../units/schema";

export const TIME_LIMIT_RULES = [
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

export const timeLimitSchema = v.object({
  provinceCode: v.string(),
  rule: v.picklist(TIME_LIMIT_RULES),
  days: v.number(),
  dayKind: v.picklist(["working", "calendar"]),
  /** True when the province has its own value; false when the national default applies. */
  overridden: v.boolean(),
});
export const timeLimitListSchema = v.object({ items: v.array(timeLimitSchema) });
export const timeLimitQuerySchema = v.object({ province: v.optional(unitCodeSchema) });
export const timeLimitParamSchema = v.object({ province: v.union([v.literal("*"), unitCodeSchema]), rule: v.picklist(TIME_LIMIT_RULES) });
export const putTimeLimitSchema = v.object({
  days: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(365)),
  dayKind: v.picklist(["working", "calendar"], "dayKind: working hoặc calendar"),
});
