/**
 * Registrants' personal data has an end (Nghị định 13/2023/NĐ-CP: kept no longer than its purpose needs): a set
 * time after a session's results are published — or after it was cancelled — the daily job blanks registrants'
 * names, phones, emails and questions. Rows, statuses, places, villages and check-ins stay, so counts stay right.
 */
import { retentionMonthsSql } from "../policies/store";

/** When a session's purpose ended: its results, or its cancellation. */
const CLOSED_AT = "coalesce(s.results_published_at, s.cancelled_at)";

/**
 * Sessions whose registrants are due to be erased at `now`: closed longer ago than the province's retention in
 * force today (SQLite's month arithmetic), oldest first, on the partial index of sessions not yet erased.
 */
export function sessionsToEraseStatement(db: D1Database, today: string, now: string, limit: number): D1PreparedStatement {
  const months = retentionMonthsSql("s.province_code", today);
  return db
    .prepare(
      `SELECT s.id FROM dialogue_sessions s
       WHERE s.personal_data_erased_at IS NULL AND (s.results_published_at IS NOT NULL OR s.cancelled_at IS NOT NULL)
         AND strftime('%Y-%m-%dT%H:%M:%fZ', ${CLOSED_AT}, '+' || ${months.sql} || ' months') <= ?
       ORDER BY ${CLOSED_AT} LIMIT ?`,
    )
    .bind(...months.params, now, limit);
}

/** Blanks the registrants of the sessions (ids as a JSON list) and marks the sessions erased; run once per session. */
export function eraseRegistrantsStatements(db: D1Database, sessionIdsJson: string, now: string): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `UPDATE session_registrations SET name = '', name_folded = NULL, phone = '', email = NULL, question = NULL, erased_at = ?, updated_at = ?
         WHERE session_id IN (SELECT value FROM json_each(?)) AND erased_at IS NULL`,
      )
      .bind(now, now, sessionIdsJson),
    db
      .prepare("UPDATE dialogue_sessions SET personal_data_erased_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND personal_data_erased_at IS NULL")
      .bind(now, sessionIdsJson),
  ];
}
