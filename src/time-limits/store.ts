import type { DayKind } from "../holidays/rules";
import { type SqlScalar, scalarSql } from "../lib/sql";
import type { TimeLimitChange, TimeLimitEntry, TimeLimitRule, TimeLimits } from "./schema";

type TimeLimitRow = { province_code: string; rule: TimeLimitRule; days: number; day_kind: DayKind };

/**
 * The national defaults ('*') and a province's own values, defaults first so a later row overrides. The province is
 * a code, or a subquery that finds it in the same statement (`provinceOfUnit`, or a petition's province).
 */
export function timeLimitsStatement(db: D1Database, province: SqlScalar): D1PreparedStatement {
  const { sql, params } = scalarSql(province);
  return db
    .prepare(`SELECT province_code, rule, days, day_kind FROM time_limits WHERE province_code IN ('*', ${sql}) ORDER BY rule, province_code = '*' DESC`)
    .bind(...params);
}

/** The province of a unit, found inside a statement. */
export const provinceOfUnit = (unitCode: string): SqlScalar => ({ subquery: "SELECT province_code FROM units WHERE code = ?", params: [unitCode] });

/** Rows of `timeLimitsStatement` → the limit in force for each rule. */
export function toTimeLimits(rows: unknown[]): TimeLimits {
  const limits = {} as TimeLimits;
  for (const row of rows as TimeLimitRow[]) limits[row.rule] = { days: row.days, dayKind: row.day_kind };
  return limits;
}

/** Rows of `timeLimitsStatement` → the list the API and the admin page show: one entry per rule, marked when the province set it. */
export function toTimeLimitList(provinceCode: string, rows: unknown[]): TimeLimitEntry[] {
  const byRule = new Map<TimeLimitRule, TimeLimitRow>();
  for (const row of rows as TimeLimitRow[]) byRule.set(row.rule, row);
  return [...byRule.values()].map((row) => ({
    provinceCode,
    rule: row.rule,
    days: row.days,
    dayKind: row.day_kind,
    overridden: row.province_code !== "*",
  }));
}

/** Sets one rule's limit for a province ('*': the national default). */
export function putTimeLimitStatement(db: D1Database, change: TimeLimitChange, now: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO time_limits (province_code, rule, days, day_kind, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (province_code, rule) DO UPDATE SET days = excluded.days, day_kind = excluded.day_kind, updated_at = excluded.updated_at`,
    )
    .bind(change.province, change.rule, change.days, change.dayKind, now);
}
