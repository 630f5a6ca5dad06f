/**
 * Counting legal time limits (Bộ luật Dân sự 2015, arts. 147–148): a period starts the day after the event;
 * a deadline that falls on a weekend or public holiday moves to the end of the next working day; it ends at
 * 24:00 local time. Days are local calendar days, `YYYY-MM-DD`, in Asia/Ho_Chi_Minh. Pure: no I/O.
 */

export type DayKind = "working" | "calendar";

/** Non-working weekdays (public holidays and announced days off). Weekends are never working days. */
export type HolidaySet = ReadonlySet<string>;

const DAY_MS = 24 * 60 * 60 * 1000;

export function addDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * DAY_MS).toISOString().slice(0, 10);
}

export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

export function isWorkingDay(day: string, holidays: HolidaySet): boolean {
  return !isWeekend(day) && !holidays.has(day);
}

/** The same day if it is a working day, else the next working day. */
export function rollToWorkingDay(day: string, holidays: HolidaySet): string {
  let current = day;
  while (!isWorkingDay(current, holidays)) current = addDays(current, 1);
  return current;
}

/** The last day of a period of `count` working days starting the day after `eventDay`. */
export function addWorkingDays(eventDay: string, count: number, holidays: HolidaySet): string {
  if (count <= 0) return rollToWorkingDay(eventDay, holidays);
  let current = eventDay;
  let remaining = count;
  while (remaining > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current, holidays)) remaining -= 1;
  }
  return current;
}

/** The last day of a period of `count` calendar days after `eventDay`, moved off a weekend or holiday. */
export function addCalendarDays(eventDay: string, count: number, holidays: HolidaySet): string {
  return rollToWorkingDay(addDays(eventDay, count), holidays);
}

export function deadline(eventDay: string, count: number, kind: DayKind, holidays: HolidaySet): string {
  return kind === "working" ? addWorkingDays(eventDay, count, holidays) : addCalendarDays(eventDay, count, holidays);
}

/** A deadline has passed once its whole local day (until 24:00) is over. */
export function isOverdue(dueDay: string, today: string): boolean {
  return today > dueDay;
}

/** Working days from `today` until `dueDay` (0 on the day itself, negative once overdue). */
export function workingDaysLeft(today: string, dueDay: string, holidays: HolidaySet): number {
  if (dueDay < today) {
    let count = 0;
    for (let day = dueDay; day < today; day = addDays(day, 1)) if (isWorkingDay(addDays(day, 1), holidays)) count -= 1;
    return count;
  }
  let count = 0;
  for (let day = today; day < dueDay; day = addDays(day, 1)) if (isWorkingDay(addDays(day, 1), holidays)) count += 1;
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
export function deadlineStatus(today: string, dueDay: string, holidays: HolidaySet, soonWithin = 3): DeadlineStatus {
  if (isOverdue(dueDay, today)) return { state: "overdue", days: Math.round((Date.parse(today) - Date.parse(dueDay)) / DAY_MS) };
  if (dueDay === today) return { state: "today" };
  const workingDays = workingDaysLeft(today, dueDay, holidays);
  return { state: "ahead", workingDays, soon: workingDays <= soonWithin };
}
