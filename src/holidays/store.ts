import { type SqlScalar, scalarSql } from "../lib/sql";
import { addDays, type HolidaySet } from "./rules";
import type { Holiday } from "./schema";

/** Non-working weekdays between two local days (inclusive): one indexed range read on the primary key. */
export function holidaysStatement(db: D1Database, from: string, to: string): D1PreparedStatement {
  return db.prepare("SELECT date FROM holidays WHERE date BETWEEN ? AND ?").bind(from, to);
}

/**
 * Non-working weekdays from a day to `days` days after it, where the day may be found by a subquery in the same
 * statement (a session's local day): for deadlines counted from a day the caller reads in the same batch.
 */
export function holidaysFromStatement(db: D1Database, from: SqlScalar, days: number): D1PreparedStatement {
  const start = scalarSql(from);
  return db
    .prepare(`SELECT date FROM holidays WHERE date BETWEEN ${start.sql} AND date(${start.sql}, ?)`)
    .bind(...start.params, ...start.params, `+${Math.trunc(days)} days`);
}

export const toHolidaySet = (rows: { date: string }[]): HolidaySet => new Set(rows.map((row) => row.date));

export async function loadHolidaySet(db: D1Database, from: string, to: string): Promise<HolidaySet> {
  return toHolidaySet((await holidaysStatement(db, from, to).all<{ date: string }>()).results);
}

/** Holidays for deadlines that start today: enough days ahead for the longest period plus extensions, as a statement to batch. */
export function holidaysAheadStatement(db: D1Database, today: string, days = 400): D1PreparedStatement {
  return holidaysStatement(db, addDays(today, -30), addDays(today, days));
}

export async function listHolidays(db: D1Database, year: number): Promise<Holiday[]> {
  const { results } = await db
    .prepare("SELECT date, name, provisional FROM holidays WHERE date BETWEEN ? AND ? ORDER BY date")
    .bind(`${year}-01-01`, `${year}-12-31`)
    .all<{ date: string; name: string; provisional: number }>();
  return results.map((row) => ({ date: row.date, name: row.name, provisional: row.provisional === 1 }));
}

/**
 * Statements that add or change a holiday; the first tells whether the date existed before (read in the same
 * transaction as the write, so "created" is exact).
 */
export function putHolidayStatements(db: D1Database, holiday: Holiday): [existed: D1PreparedStatement, write: D1PreparedStatement] {
  return [
    db.prepare("SELECT 1 AS found FROM holidays WHERE date = ?").bind(holiday.date),
    db
      .prepare(
        `INSERT INTO holidays (date, name, provisional, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (date) DO UPDATE SET name = excluded.name, provisional = excluded.provisional, updated_at = excluded.updated_at`,
      )
      .bind(holiday.date, holiday.name, holiday.provisional ? 1 : 0, new Date().toISOString()),
  ];
}

export function deleteHolidayStatement(db: D1Database, date: string): D1PreparedStatement {
  return db.prepare("DELETE FROM holidays WHERE date = ?").bind(date);
}
