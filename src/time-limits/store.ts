import type { DayKind } from "../holidays/rules";
import type { TimeLimitRule, TimeLimits } from "../petitions/rules";

type Row = { province_code: string; rule: TimeLimitRule; days: number; day_kind: DayKind };

/** The limits that apply in a province: its own values over the national defaults ('*'), in one query. */
export async function loadTimeLimits(db: D1Database, provinceCode: string): Promise<TimeLimits> {
  const { results } = await db
    .prepare("SELECT province_code, rule, days, day_kind FROM time_limits WHERE province_code IN ('*', ?) ORDER BY province_code = '*' DESC")
    .bind(provinceCode)
    .all<Row>();
  const limits = {} as TimeLimits;
  for (const row of results) limits[row.rule] = { days: row.days, dayKind: row.day_kind };
  return limits;
}

export async function listTimeLimits(db: D1Database, provinceCode: string) {
  const { results } = await db
    .prepare("SELECT province_code, rule, days, day_kind FROM time_limits WHERE province_code IN ('*', ?) ORDER BY rule, province_code = '*' DESC")
    .bind(provinceCode)
    .all<Row>();
  const byRule = new Map<string, Row>();
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
