import { Where } from "../lib/sql";
import type { AuditEntry, AuditFilter } from "./schema";

/**
 * An append-only audit entry, as a statement to run in the same `batch()` as the change it records
 * (or as the read it records, for views of personal data). Triggers refuse updates and deletes.
 * `afterChange`: written only if the statement just before it changed a row (a guarded write that may lose).
 * `onlyIf`: written only if an SQL condition holds, for a guarded write followed by more statements
 * (e.g. `EXISTS (SELECT 1 FROM t WHERE id = ? AND write_token = ?)`).
 */
export function auditStatement(
  db: D1Database,
  entry: { actorId: string | null; action: string; targetType: string; targetId: string; detail?: unknown },
  options: { afterChange?: boolean; onlyIf?: { sql: string; params: unknown[] } } = {},
): D1PreparedStatement {
  const condition = options.onlyIf?.sql ?? (options.afterChange ? "changes() = 1" : null);
  const values = condition ? `SELECT ?, ?, ?, ?, ?, ? WHERE ${condition}` : "VALUES (?, ?, ?, ?, ?, ?)";
  return db
    .prepare(`INSERT INTO audit_log (at, actor_id, action, target_type, target_id, detail) ${values}`)
    .bind(
      new Date().toISOString(),
      entry.actorId,
      entry.action,
      entry.targetType,
      entry.targetId,
      entry.detail === undefined ? null : JSON.stringify(entry.detail),
      ...(options.onlyIf?.params ?? []),
    );
}

type AuditRow = {
  id: number;
  at: string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string;
  detail: string | null;
};

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    detail: row.detail ? JSON.parse(row.detail) : null,
  };
}

/** Newest first, keyset on id: `limit + 1` rows, so the caller can tell whether another page follows. */
export async function listAudit(db: D1Database, filter: AuditFilter, limit: number, beforeId: number | null): Promise<AuditRow[]> {
  const where = new Where()
    .optional(filter.action, "l.action = ?")
    .optional(filter.targetType, "l.target_type = ?")
    .optional(filter.targetId, "l.target_id = ?")
    .optional(filter.actorId, "l.actor_id = ?")
    .optional(beforeId, "l.id < ?");
  const { results } = await db
    .prepare(
      `SELECT l.id, l.at, l.actor_id, a.email AS actor_email, l.action, l.target_type, l.target_id, l.detail
       FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id${where} ORDER BY l.id DESC LIMIT ?`,
    )
    .bind(...where.params, limit + 1)
    .all<AuditRow>();
  return results;
}
