import type { DayKind } from "../holidays/rules";
import type { TimeLimitRule, TimeLimits } from "../petitions/rules";

export type TimeLimitRow = { province_code: string; rule: TimeLimitRule; days: number; day_kind: DayKind };

/**
 * The national defaults ('*') and a province's own values, defaults first so a later row overrides.
 * `provinceOf` names the province directly, or (`{ unitCode }`) through the unit it contains.
 */
export function timeLimitsStatement(db: D1Database, provinceOf: string | { unitCode: string }): D1PreparedStatement {
  const province = typeof provinceOf === "string" ? "?" : "(SELECT province_code FROM units WHERE code = ?)";
  return db
    .prepare(`SELECT province_code, rule, days, day_kind FROM time_limits WHERE province_code IN ('*', ${province}) ORDER BY rule, province_code = '*' DESC`)
    .bind(typeof provinceOf === "string" ? provinceOf : provinceOf.unitCode);
}

/** Rows of `timeLimitsStatement` → the limit in force for each rule. */
export function toTimeLimits(rows: TimeLimitRow[]): TimeLimits {
  const limits = {} as TimeLimits;
  for (const row of rows) limits[row.rule] = { days: row.days, dayKind: row.day_kind };
  return limits;
}

/** The limits that apply in a province: its own values over the national defaults, in one query. */
export async function loadTimeLimits(db: D1Database, provinceCode: string): Promise<TimeLimits> {
  return toTimeLimits((await timeLimitsStatement(db, provinceCode).all<TimeLimitRow>()).results);
}

export async function listTimeLimits(db: D1Database, provinceCode: string) {
  const { results } = await timeLimitsStatement(db, provinceCode).all<TimeLimitRow>();
  const byRule = new Map<string, TimeLimitRow>();
  for (const row of results) byRule.set(row.rule, row);
  return [...byRule.values()].map((row) => ({
    provinceCode,
    rule: row.rule,
    days: row.days,
    dayKind: row.day_kind,
    overridden: row.province_code !== "*",
  }));
}

export async function putTimeLimit(db: D1Database, provinceCode: string, rule: TimeLimitRule, days: number, dayKind: DayKind): Promise<void> {
  await db
    .prepare(
      `INSERT INTO time_limits (province_code, rule, days, day_kind, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (province_code, rule) DO UPDATE SET days = excluded.days, day_kind = excluded.day_kind, updated_at = excluded.updated_at`,
    )
    .bind(provinceCode, rule, days, dayKind, new Date().toISOString())
    .run();
}
