/**
 * Counting legal time limits (Bộ luật Dân sự 2015, arts. 147–148): a period starts the day after the event;
 * a deadline that falls on a weekend or public holiday moves to the end of the next working day; it ends at
 * 24:00 local time. Days are local calendar days, `YYYY-MM-DD`, in Asia/Ho_Chi_Minh. Pure: no I/O.
 *
 * The same arithmetic runs in SQL over `calendar_days` (holidays/store.ts `deadlineSql`) when a calendar change
 * recomputes the open deadlines; a test holds the two to the same answers.
 */

export type DayKind = "working" | "calendar";

/**
 * The calendar as data: weekdays off (public holidays, announced swaps) and weekend days worked in exchange
 * (26/4/2025, 10/1/2026). Any other Saturday or Sunday is a day off; any other weekday a working day.
 */
export type Calendar = { daysOff: ReadonlySet<string>; workingDays: ReadonlySet<string> };

/** A calendar from its lists (tests, and the store's rows). */
export function calendarOf(daysOff: Iterable<string>, workingDays: Iterable<string> = []): Calendar {
  return { daysOff: new Set(daysOff), workingDays: new Set(workingDays) };
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function addDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * DAY_MS).toISOString().slice(0, 10);
}

export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

export function isWorkingDay(day: string, calendar: Calendar): boolean {
  if (calendar.workingDays.has(day)) return true;
  return !isWeekend(day) && !calendar.daysOff.has(day);
}

/** The same day if it is a working day, else the next working day. */
export function rollToWorkingDay(day: string, calendar: Calendar): string {
  let current = day;
  while (!isWorkingDay(current, calendar)) current = addDays(current, 1);
  return current;
}

/** The last day of a period of `count` working days starting the day after `eventDay`. */
export function addWorkingDays(eventDay: string, count: number, calendar: Calendar): string {
  if (count <= 0) return rollToWorkingDay(eventDay, calendar);
  let current = eventDay;
  let remaining = count;
  while (remaining > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current, calendar)) remaining -= 1;
  }
  return current;
}

/** The last day of a period of `count` calendar days after `eventDay`, moved off a weekend or holiday. */
export function addCalendarDays(eventDay: string, count: number, calendar: Calendar): string {
  return rollToWorkingDay(addDays(eventDay, count), calendar);
}

export function deadline(eventDay: string, count: number, kind: DayKind, calendar: Calendar): string {
  return kind === "working" ? addWorkingDays(eventDay, count, calendar) : addCalendarDays(eventDay, count, calendar);
}

/** A deadline has passed once its whole local day (until 24:00) is over. */
export function isOverdue(dueDay: string, today: string): boolean {
  return today > dueDay;
}

/** Working days from `today` until `dueDay` (0 on the day itself, negative once overdue). */
export function workingDaysLeft(today: string, dueDay: string, calendar: Calendar): number {
  if (dueDay < today) {
    let count = 0;
    for (let day = dueDay; day < today; day = addDays(day, 1)) if (isWorkingDay(addDays(day, 1), calendar)) count -= 1;
    return count;
  }
  let count = 0;
  for (let day = today; day < dueDay; day = addDays(day, 1)) if (isWorkingDay(addDays(day, 1), calendar)) count += 1;
  return count;
}

/** Where a deadline stands today, in the words people count it in (see `web/deadline.tsx`). */
export type DeadlineStatus =
  /** Past: `days` calendar days since the deadline's last day ended. */
  | { state: "overdue"; days: number }
  /** Today is the last day. */
  | { state: "today" }
  /** Still ahead: `workingDays` working days after today; `soon` within `soonWithin` of them. */
  | { state: "ahead"; workingDays: number; soon: boolean };

/**
 * "còn 3 ngày làm việc" / "hạn chót hôm nay" / "quá hạn 2 ngày": the time left counts working days, because
 * the law counts them and a weekend does not help the official; the time past counts calendar days, because
 * every day the resident waits counts.
 */
export function deadlineStatus(today: string, dueDay: string, calendar: Calendar, soonWithin = 3): DeadlineStatus {
  if (isOverdue(dueDay, today)) return { state: "overdue", days: Math.round((Date.parse(today) - Date.parse(dueDay)) / DAY_MS) };
  if (dueDay === today) return { state: "today" };
  const workingDays = workingDaysLeft(today, dueDay, calendar);
  return { state: "ahead", workingDays, soon: workingDays <= soonWithin };
}
