import { type SqlScalar, scalarSql } from "../lib/sql";
import { type Calendar, calendarOf } from "./rules";
import type { Holiday, HolidayKind } from "./schema";

/** Calendar entries between two local days (inclusive): one indexed range read on the primary key. */
export function holidaysStatement(db: D1Database, from: string, to: string): D1PreparedStatement {
  return db.prepare("SELECT date, kind FROM holidays WHERE date BETWEEN ? AND ?").bind(from, to);
}

/**
 * The calendar entries from a day (a value, or a subquery: the earliest day a petition's deadlines count from) to
 * another, as a statement to batch with what needs them.
 */
export function calendarStatement(db: D1Database, from: SqlScalar, to: string): D1PreparedStatement {
  const start = scalarSql(from);
  return db.prepare(`SELECT date, kind FROM holidays WHERE date BETWEEN ${start.sql} AND ?`).bind(...start.params, to);
}

/**
 * Calendar entries from a day to `days` days after it, where the day may be found by a subquery in the same
 * statement (a session's local day): for deadlines counted from a day the caller reads in the same batch.
 */
export function calendarFromStatement(db: D1Database, from: SqlScalar, days: number): D1PreparedStatement {
  const start = scalarSql(from);
  return db
    .prepare(`SELECT date, kind FROM holidays WHERE date BETWEEN ${start.sql} AND date(${start.sql}, ?)`)
    .bind(...start.params, ...start.params, `+${Math.trunc(days)} days`);
}

/** Rows of `holidaysStatement` → the calendar the deadline rules count with. */
export function toCalendar(rows: unknown[]): Calendar {
  const entries = rows as { date: string; kind: HolidayKind }[];
  return calendarOf(
    entries.filter((row) => row.kind !== "working_day").map((row) => row.date),
    entries.filter((row) => row.kind === "working_day").map((row) => row.date),
  );
}

export async function loadCalendar(db: D1Database, from: string, to: string): Promise<Calendar> {
  return toCalendar((await holidaysStatement(db, from, to).all()).results);
}

export async function listHolidays(db: D1Database, year: number): Promise<Holiday[]> {
  const { results } = await db
    .prepare("SELECT date, name, kind, provisional FROM holidays WHERE date BETWEEN ? AND ? ORDER BY date")
    .bind(`${year}-01-01`, `${year}-12-31`)
    .all<{ date: string; name: string; kind: HolidayKind; provisional: number }>();
  return results.map((row) => ({ date: row.date, name: row.name, kind: row.kind, provisional: row.provisional === 1 }));
}

/**
 * Statements that add or change a calendar entry; the first tells whether the date existed before (read in the
 * same transaction as the write, so "created" is exact).
 */
export function putHolidayStatements(db: D1Database, holiday: Holiday): [existed: D1PreparedStatement, write: D1PreparedStatement] {
  return [
    db.prepare("SELECT 1 AS found FROM holidays WHERE date = ?").bind(holiday.date),
    db
      .prepare(
        `INSERT INTO holidays (date, name, kind, provisional, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (date) DO UPDATE SET name = excluded.name, kind = excluded.kind, provisional = excluded.provisional, updated_at = excluded.updated_at`,
      )
      .bind(holiday.date, holiday.name, holiday.kind, holiday.provisional ? 1 : 0, new Date().toISOString()),
  ];
}

export function deleteHolidayStatement(db: D1Database, date: string): D1PreparedStatement {
  return db.prepare("DELETE FROM holidays WHERE date = ?").bind(date);
}

// ---------------------------------------------------------------- calendar_days: the calendar as a table

/** Whether day ?1 is a working day by the `holidays` table as it now is (an entry wins over the weekday). */
const WORKING_NOW = `(CASE WHEN EXISTS (SELECT 1 FROM holidays WHERE date = ?1 AND kind = 'working_day') THEN 1
  WHEN EXISTS (SELECT 1 FROM holidays WHERE date = ?1) THEN 0 WHEN strftime('%w', ?1) IN ('0', '6') THEN 0 ELSE 1 END)`;

/**
 * Brings `calendar_days` in step with a change to `day` in `holidays` (put these after the change, in its batch):
 * when the day turns from working to not (or back), the running working-day index of every later day moves by one
 * in one UPDATE, then the day itself flips, and only then is the calendar's version bumped. A change that leaves
 * the day as it was (a new name) changes nothing, so the last statement's `changes` tells whether the calendar moved.
 */
export function calendarChangeStatements(db: D1Database, day: string): D1PreparedStatement[] {
  const before = "(SELECT working FROM calendar_days WHERE day = ?1)";
  return [
    db
      .prepare(`UPDATE calendar_days SET working_index = working_index + (${WORKING_NOW} - ${before}) WHERE day > ?1 AND ${WORKING_NOW} <> ${before}`)
      .bind(day),
    db
      .prepare(
        `UPDATE calendar_days SET working_index = working_index + (${WORKING_NOW} - working), working = ${WORKING_NOW} WHERE day = ?1 AND working <> ${WORKING_NOW}`,
      )
      .bind(day),
    db.prepare("UPDATE calendar_state SET version = version + 1 WHERE id = 1 AND changes() = 1"),
  ];
}

/**
 * A deadline as an SQL expression over `calendar_days`, the same arithmetic as `deadline` in rules.ts: `from`,
 * `days` and `kind` are SQL expressions (columns of the row being updated). N working days after D: the working day
 * whose index is index(D) + N. N calendar days: D + N if that is a working day, else the next one (whose index is
 * index(D + N) + 1). NULL outside the table's years: callers leave such a deadline as it is.
 */
export function deadlineSql(from: string, days: string, kind: string): string {
  return `(CASE ${kind}
    WHEN 'working' THEN (SELECT c.day FROM calendar_days c WHERE c.working = 1
      AND c.working_index = (SELECT a.working_index FROM calendar_days a WHERE a.day = ${from}) + ${days})
    WHEN 'calendar' THEN (SELECT c.day FROM calendar_days c WHERE c.working = 1
      AND c.working_index = (SELECT a.working_index + 1 - a.working FROM calendar_days a WHERE a.day = date(${from}, '+' || ${days} || ' days')))
  END)`;
}

/** The calendar version whose deadlines are in place: tracking snapshots carry it. Batch it with their data. */
export function deadlinesVersionStatement(db: D1Database): D1PreparedStatement {
  return db.prepare("SELECT deadlines_version AS version FROM calendar_state WHERE id = 1");
}

export const versionOf = (result: D1Result): number => (result.results[0] as { version: number } | undefined)?.version ?? 0;

/**
 * Marks the calendar's current version as the one whose deadlines are in place; batch it after the statements that
 * recomputed them. Returns the version when it moved, no row when it already was.
 */
export function publishDeadlinesStatement(db: D1Database): D1PreparedStatement {
  return db.prepare(
    "UPDATE calendar_state SET deadlines_version = version WHERE id = 1 AND deadlines_version <> version RETURNING deadlines_version AS version",
  );
}

/**
 * KV copy of the published version: the tracking read compares a snapshot's version with it (one KV read beside the
 * snapshot's, no D1), so a calendar change makes every cached snapshot stale without a KV write per petition.
 */
export const DEADLINES_VERSION_KEY = "calendar:deadlines-version";
