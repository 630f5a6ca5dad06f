import { type SqlScalar, scalarSql } from "../lib/sql";
import { DEFAULT_POLICY } from "./rules";
import type { Policy, PutPolicyInput, ReportPeriods } from "./schema";

export type PolicyRow = {
  province_code: string;
  effective_from: string;
  min_sessions_per_year: number;
  in_year_deadline: string | null;
  notice_days: number;
  results_days: number;
  feedback_window_working_days: number;
  report_periods: ReportPeriods;
  personal_data_retention_months: number;
};

const POLICY_COLUMNS =
  "province_code, effective_from, min_sessions_per_year, in_year_deadline, notice_days, results_days, feedback_window_working_days, report_periods, personal_data_retention_months";

/** One stored row as a policy. */
export function toPolicyRow(row: PolicyRow): Policy {
  return {
    effectiveFrom: row.effective_from,
    isDefault: false,
    minSessionsPerYear: row.min_sessions_per_year,
    inYearDeadline: row.in_year_deadline,
    noticeDays: row.notice_days,
    resultsDays: row.results_days,
    feedbackWindowWorkingDays: row.feedback_window_working_days,
    reportPeriods: row.report_periods,
    personalDataRetentionMonths: row.personal_data_retention_months,
  };
}

/**
 * The policy row in force in a province on a local day (YYYY-MM-DD): the latest with `effective_from` on or
 * before it, one primary-key lookup. Put it in your own `batch()` and read the result with `toPolicy`. Either
 * value may be found by a subquery in the same statement, so that "the policy of this session's province on this
 * session's day" rides in one batch before the caller knows them:
 * `{ subquery: "SELECT province_code FROM units WHERE code = ?", params: [unitCode] }`.
 */
export function policyStatement(db: D1Database, province: SqlScalar, onDay: SqlScalar): D1PreparedStatement {
  const provinceValue = scalarSql(province);
  const dayValue = scalarSql(onDay);
  return db
    .prepare(
      `SELECT ${POLICY_COLUMNS} FROM province_policies WHERE province_code = ${provinceValue.sql} AND effective_from <= ${dayValue.sql}
       ORDER BY effective_from DESC LIMIT 1`,
    )
    .bind(...provinceValue.params, ...dayValue.params);
}

/**
 * The personal-data retention (months) in force on a day for the province in `provinceColumn`, as a scalar SQL
 * expression to embed in a set-based statement (one lookup per row on the primary key); the default where none.
 */
export function retentionMonthsSql(provinceColumn: string, onDay: string): { sql: string; params: unknown[] } {
  return {
    sql: `coalesce((SELECT pp.personal_data_retention_months FROM province_policies pp WHERE pp.province_code = ${provinceColumn}
      AND pp.effective_from <= ? ORDER BY pp.effective_from DESC LIMIT 1), ?)`,
    params: [onDay, DEFAULT_POLICY.personalDataRetentionMonths],
  };
}

/** The rows of `policyStatement` as the policy in force: the defaults when the province has none yet. */
export function toPolicy(rows: readonly PolicyRow[]): Policy {
  return rows[0] ? toPolicyRow(rows[0]) : DEFAULT_POLICY;
}

/** Every dated row of a province, newest first. */
export function policyHistoryStatement(db: D1Database, provinceCode: string): D1PreparedStatement {
  return db.prepare(`SELECT ${POLICY_COLUMNS} FROM province_policies WHERE province_code = ? ORDER BY effective_from DESC LIMIT 200`).bind(provinceCode);
}

/** Writes one dated row; a second PUT for the same day replaces it. */
export function putPolicyStatement(db: D1Database, provinceCode: string, input: PutPolicyInput, actorId: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO province_policies (${POLICY_COLUMNS}, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (province_code, effective_from) DO UPDATE SET min_sessions_per_year = excluded.min_sessions_per_year,
         in_year_deadline = excluded.in_year_deadline, notice_days = excluded.notice_days, results_days = excluded.results_days,
         feedback_window_working_days = excluded.feedback_window_working_days, report_periods = excluded.report_periods,
         personal_data_retention_months = excluded.personal_data_retention_months, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    )
    .bind(
      provinceCode,
      input.effectiveFrom,
      input.minSessionsPerYear,
      input.inYearDeadline ?? null,
      input.noticeDays,
      input.resultsDays,
      input.feedbackWindowWorkingDays,
      input.reportPeriods,
      input.personalDataRetentionMonths,
      actorId,
      new Date().toISOString(),
    );
}

/**
 * Every dated row of a province found by a value or a subquery (reports: the province of a unit's successor),
 * for `policyForPeriod` once the period is known.
 */
export function policyRowsStatement(db: D1Database, province: SqlScalar): D1PreparedStatement {
  const provinceValue = scalarSql(province);
  return db
    .prepare(`SELECT ${POLICY_COLUMNS} FROM province_policies WHERE province_code = ${provinceValue.sql} ORDER BY effective_from DESC LIMIT 200`)
    .bind(...provinceValue.params);
}

/** Every dated row of several provinces, found by a subquery that lists their codes (with `province_code` to tell them apart). */
export function policyRowsOfProvincesStatement(db: D1Database, provinces: { subquery: string; params: readonly unknown[] }): D1PreparedStatement {
  return db
    .prepare(`SELECT ${POLICY_COLUMNS} FROM province_policies WHERE province_code IN (${provinces.subquery}) ORDER BY province_code, effective_from DESC`)
    .bind(...provinces.params);
}
