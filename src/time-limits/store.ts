import type { DayKind } from "../holidays/rules";
import { type SqlScalar, scalarSql } from "../lib/sql";
import { TIME_LIMIT_RULES, type TimeLimitChange, type TimeLimitEntry, type TimeLimitRule, type TimeLimits } from "./schema";

type TimeLimitRow = {
  province_code: string;
  rule: TimeLimitRule;
  effective_from: string;
  days: number;
  day_kind: DayKind;
  provisional: number;
  source: string | null;
  on_day: string;
};

const COLUMNS = "province_code, rule, effective_from, days, day_kind, provisional, source";

/**
 * Every dated rule of the nation ('*') and of a province, with the day they are wanted for. The province and the day
 * are values, or subqueries that find them in the same statement (`provinceOfUnit`; a petition's province and the
 * day it was received). `toTimeLimits` picks the rule in force on that day.
 */
export function timeLimitsStatement(db: D1Database, province: SqlScalar, onDay: SqlScalar): D1PreparedStatement {
  const provinceSql = scalarSql(province);
  const daySql = scalarSql(onDay);
  return db
    .prepare(
      `SELECT ${COLUMNS}, ${daySql.sql} AS on_day FROM time_limits WHERE province_code IN ('*', ${provinceSql.sql})
       ORDER BY rule, effective_from, province_code = '*' DESC`,
    )
    .bind(...daySql.params, ...provinceSql.params);
}

/** The province of a unit, found inside a statement. */
export const provinceOfUnit = (unitCode: string): SqlScalar => ({ subquery: "SELECT province_code FROM units WHERE code = ?", params: [unitCode] });

const toEntry = (provinceCode: string, row: TimeLimitRow): TimeLimitEntry => ({
  provinceCode,
  rule: row.rule,
  effectiveFrom: row.effective_from,
  days: row.days,
  dayKind: row.day_kind,
  provisional: row.provisional === 1,
  source: row.source,
  overridden: row.province_code !== "*",
});

/**
 * The rule in force on the day for each rule: the latest `effectiveFrom` on or before it, the province's over the
 * nation's on the same day (a national change of the law after a province's own value supersedes it). A day before
 * a rule's first date gets its first version: the product has no older law to apply.
 */
function inForce(rows: TimeLimitRow[]): Map<TimeLimitRule, TimeLimitRow> {
  const byRule = new Map<TimeLimitRule, TimeLimitRow>();
  for (const row of rows) {
    const current = byRule.get(row.rule);
    if (!current || row.effective_from <= row.on_day) byRule.set(row.rule, row);
  }
  return byRule;
}

/** Rows of `timeLimitsStatement` → the limit in force for each rule. */
export function toTimeLimits(rows: unknown[]): TimeLimits {
  const limits = {} as TimeLimits;
  for (const [rule, row] of inForce(rows as TimeLimitRow[])) {
    limits[rule] = { days: row.days, dayKind: row.day_kind, effectiveFrom: row.effective_from, provisional: row.provisional === 1 };
  }
  for (const rule of TIME_LIMIT_RULES) if (!limits[rule]) throw new Error(`no time limit for ${rule}`);
  return limits;
}

/** Rows of `timeLimitsStatement` → what the API and the admin page show: the rules in force, and every dated one. */
export function toTimeLimitList(provinceCode: string, rows: unknown[]): { items: TimeLimitEntry[]; dated: TimeLimitEntry[] } {
  const all = rows as TimeLimitRow[];
  return {
    items: [...inForce(all).values()].map((row) => toEntry(provinceCode, row)),
    dated: all.map((row) => toEntry(provinceCode, row)),
  };
}

/** Sets one rule's limit for a province ('*': the nation) from a day on. */
export function putTimeLimitStatement(db: D1Database, change: TimeLimitChange & { effectiveFrom: string }, now: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO time_limits (province_code, rule, effective_from, days, day_kind, provisional, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
       ON CONFLICT (province_code, rule, effective_from) DO UPDATE SET days = excluded.days, day_kind = excluded.day_kind,
         provisional = excluded.provisional, updated_at = excluded.updated_at`,
    )
    .bind(change.province, change.rule, change.effectiveFrom, change.days, change.dayKind, change.provisional ? 1 : 0, now);
}

/** Confirms a provisional rule (checked against the statute); changes no row when there is none or it was confirmed. */
export function confirmTimeLimitStatement(db: D1Database, key: { province: string; rule: TimeLimitRule; effectiveFrom: string }, now: string) {
  return db
    .prepare("UPDATE time_limits SET provisional = 0, updated_at = ? WHERE province_code = ? AND rule = ? AND effective_from = ? AND provisional = 1")
    .bind(now, key.province, key.rule, key.effectiveFrom);
}

/** Whether a dated rule exists. */
export function timeLimitExistsStatement(db: D1Database, key: { province: string; rule: TimeLimitRule; effectiveFrom: string }) {
  return db
    .prepare("SELECT 1 AS found FROM time_limits WHERE province_code = ? AND rule = ? AND effective_from = ?")
    .bind(key.province, key.rule, key.effectiveFrom);
}
