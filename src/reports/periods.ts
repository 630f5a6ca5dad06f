/**
 * Reporting periods (DOMAIN.md, "reports go up monthly, for the first quarter, 6 months, 9 months and the year").
 * Two ways of cutting a year, chosen per province (`reportPeriods` of the province policy):
 * - `calendar`: months, quarters, halves as on the calendar;
 * - `cutoff`: the administrative cut-off dates of periodic reports (Nghị định 09/2019/NĐ-CP, art. 12, as DOMAIN.md
 *   gives it): a month runs from the 15th of the previous month to the 14th; a quarter from the 15th of the month
 *   before it to the 14th of its last month; 6 months from 15/12 to 14/6; 9 months from 15/12 to 14/9; the year from
 *   15/12 of the previous year to 14/12.
 * Bounds are local days (`YYYY-MM-DD`, Asia/Ho_Chi_Minh), both inclusive. Pure: no I/O, no clock.
 */
import { instantBounds } from "../lib/dates";

export const REPORT_PERIOD_MODES = ["calendar", "cutoff"] as const;
export type ReportPeriodMode = (typeof REPORT_PERIOD_MODES)[number];

export const MONTH_PERIODS = ["M01", "M02", "M03", "M04", "M05", "M06", "M07", "M08", "M09", "M10", "M11", "M12"] as const;
export const PERIOD_NAMES = [...MONTH_PERIODS, "Q1", "Q2", "Q3", "Q4", "H1", "M9", "year"] as const;
export type PeriodName = (typeof PERIOD_NAMES)[number];

/** A span of local days, both ends inclusive. */
export type DayRange = { from: string; to: string };

/** A period of a year, as API.md names it (`year=2026&period=Q1`), with its days. */
export type ReportPeriod = DayRange & { year: number; period: PeriodName; mode: ReportPeriodMode };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const CUTOFF_DAY = 14;

const pad = (value: number) => String(value).padStart(2, "0");

/** Whether `day` is a real calendar day written `YYYY-MM-DD` (no 2026-02-30). */
export function isLocalDay(day: string): boolean {
  const match = DAY.exec(day);
  if (!match) return false;
  const [, year, month, date] = match.map(Number);
  const check = new Date(Date.UTC(year, month - 1, date));
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === date;
}

/** `YYYY-MM-DD` of a (possibly overflowing) year/month/day, normalised: month 0 is December of the year before. */
function dayOf(year: number, month: number, date: number): string {
  const value = new Date(Date.UTC(year, month - 1, date));
  return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
}

/** Months 1..12 that a period covers, first and last. */
function monthSpan(period: PeriodName): [first: number, last: number] {
  if (/^M\d\d$/.test(period)) {
    const month = Number(period.slice(1));
    return [month, month];
  }
  switch (period) {
    case "Q1":
      return [1, 3];
    case "Q2":
      return [4, 6];
    case "Q3":
      return [7, 9];
    case "Q4":
      return [10, 12];
    case "H1":
      return [1, 6];
    case "M9":
      return [1, 9];
    default:
      return [1, 12];
  }
}

/**
 * The days of a period of a year. Calendar: first day of the first month to last day of the last month.
 * Cut-off: the 15th of the month before the first month (December of the previous year for January) to the 14th
 * of the last month.
 */
export function periodRange(year: number, period: PeriodName, mode: ReportPeriodMode): ReportPeriod {
  const [first, last] = monthSpan(period);
  const range =
    mode === "calendar"
      ? { from: dayOf(year, first, 1), to: dayOf(year, last + 1, 0) }
      : { from: dayOf(year, first - 1, CUTOFF_DAY + 1), to: dayOf(year, last, CUTOFF_DAY) };
  return { ...range, year, period, mode };
}

/** The month period (`M01`..`M12` of a year) that a day falls in: under cut-off, 15/12/2025 is M01 of 2026. */
export function monthPeriodOf(day: string, mode: ReportPeriodMode): { year: number; period: PeriodName } {
  let year = Number(day.slice(0, 4));
  let month = Number(day.slice(5, 7));
  if (mode === "cutoff" && Number(day.slice(8, 10)) > CUTOFF_DAY) {
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  return { year, period: MONTH_PERIODS[month - 1] };
}

/** The twelve month periods of a year in order (a chart's x axis). */
export function monthPeriodsOf(year: number, mode: ReportPeriodMode): ReportPeriod[] {
  return MONTH_PERIODS.map((period) => periodRange(year, period, mode));
}

/** A free range `from..to`; null when a bound is not a real day or `from` comes after `to`. */
export function dayRange(from: string, to: string): DayRange | null {
  if (!isLocalDay(from) || !isLocalDay(to) || from > to) return null;
  return { from, to };
}

/** Whether a period is over on `today`: its last day has ended (so on `to` itself it is still running). */
export function hasEnded(range: DayRange, today: string): boolean {
  return range.to < today;
}

/** Whether `day` lies within the range (bounds inclusive). */
export function contains(range: DayRange, day: string): boolean {
  return range.from <= day && day <= range.to;
}

/**
 * The half-open instant range `[from, until)` of a day range, for SQL over ISO instants:
 * `submitted_at >= from AND submitted_at < until` (Asia/Ho_Chi_Minh, +07:00, no daylight saving). The end is the
 * start of the day after `to`, so the last millisecond of `to` is inside and the midnight after it is not.
 */
export function instantRange(range: DayRange): { from: string; until: string } {
  return instantBounds(range);
}
