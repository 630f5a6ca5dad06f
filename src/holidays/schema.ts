import * as v from "valibot";
import { code } from "../lib/validate";
import { localDateSchema } from "../units/schema";

/** A calendar entry: a day off, or a weekend day worked in exchange for a weekday off. */
export const HOLIDAY_KINDS = ["day_off", "working_day"] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

export const holidaySchema = v.object({ date: v.string(), name: v.string(), kind: v.picklist(HOLIDAY_KINDS), provisional: v.boolean() });
export type Holiday = v.InferOutput<typeof holidaySchema>;
export const holidayListSchema = v.object({ items: v.array(holidaySchema) });
export const holidayYearQuerySchema = v.object({
  year: v.optional(v.pipe(v.string(), v.regex(/^\d{4}$/, code("holiday.year_format")), v.toNumber(), v.minValue(2000), v.maxValue(2100))),
});
export const holidayDateParamSchema = v.object({ date: localDateSchema });
export const putHolidaySchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, code("holiday.name_required")), v.maxLength(200)),
  kind: v.optional(v.picklist(HOLIDAY_KINDS), "day_off"),
  provisional: v.optional(v.boolean(), false),
});

/** The admin page's form: the date and the same fields as the API's body. */
export const holidayFormSchema = v.object({
  date: v.pipe(v.string(), v.nonEmpty(code("holiday.date_required")), localDateSchema),
  ...putHolidaySchema.entries,
});
