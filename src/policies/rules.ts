/**
 * Province policy as dated data: the policy in force on a day is the latest row that took effect on or
 * before it; a period is judged by the policy in force on its last day. Pure: no I/O.
 */
import type { Policy } from "./schema";

/** What applies where a province has set nothing (API.md, Province policy). */
export const DEFAULT_POLICY: Policy = {
  effectiveFrom: null,
  isDefault: true,
  minSessionsPerYear: 1, // Law on Organisation of Local Government 2025: at least once a year
  inYearDeadline: null,
  noticeDays: 7, // published at least 7 days before
  resultsDays: 10, // results within 10 days after
  feedbackWindowWorkingDays: 10,
  reportPeriods: "cutoff",
  personalDataRetentionMonths: 12,
};

/** The policy in force on `day` among a province's rows (any order); the defaults when none applies yet. */
export function policyInForce(rows: readonly Policy[], day: string): Policy {
  let best: Policy | null = null;
  for (const row of rows) {
    if (row.effectiveFrom === null || row.effectiveFrom > day) continue;
    if (!best || (best.effectiveFrom ?? "") < row.effectiveFrom) best = row;
  }
  return best ?? DEFAULT_POLICY;
}

/** A period (a report month, quarter, year) is judged by the policy in force on its last day. */
export function policyForPeriod(rows: readonly Policy[], period: { from: string; to: string }): Policy {
  return policyInForce(rows, period.to);
}
