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

/** An entry as the log page shows it: the people, units and petitions it names, by name. */
export type AuditPageEntry = AuditEntry & {
  actorName: string | null;
  actorRole: string | null;
  actorUnitName: string | null;
  /**
   * The target's name: an account's, a unit's, a category's or a village's name, a petition's tracking code, a
   * dialogue session's title (also for a registration to it: never the resident's name).
   */
  targetName: string | null;
  /** The name of a unit the entry names besides its target (an account's new unit; a time limit's or a policy's province). */
  detailUnitName: string | null;
};

type AuditPageRow = AuditRow & {
  actor_name: string | null;
  actor_role: string | null;
  actor_unit_name: string | null;
  target_name: string | null;
  detail_unit_name: string | null;
};

/**
 * The log page's entries, newest first, with every name they need joined in (one round trip): the actor with
 * role and unit, the target by name, and the unit a detail names. `limit + 1` rows.
 */
export function auditPageStatement(db: D1Database, filter: AuditFilter, limit: number, beforeId: number | null): D1PreparedStatement {
  const where = new Where()
    .optional(filter.action, "l.action = ?")
    .optional(filter.targetType, "l.target_type = ?")
    .optional(filter.targetId, "l.target_id = ?")
    .optional(filter.actorId, "l.actor_id = ?")
    .optional(beforeId, "l.id < ?");
  return db
    .prepare(
      `SELECT l.id, l.at, l.actor_id, a.email AS actor_email, l.action, l.target_type, l.target_id, l.detail,
         a.name AS actor_name, a.role AS actor_role, au.name AS actor_unit_name,
         CASE l.target_type WHEN 'account' THEN ta.name WHEN 'unit' THEN tu.name WHEN 'category' THEN tc.name
           WHEN 'petition' THEN tp.tracking_code WHEN 'village' THEN tv.name WHEN 'dialogue_session' THEN ds.title
           WHEN 'session_registration' THEN ds.title END AS target_name,
         du.name AS detail_unit_name
       FROM audit_log l
       LEFT JOIN accounts a ON a.id = l.actor_id
       LEFT JOIN units au ON au.code = a.unit_code
       LEFT JOIN accounts ta ON l.target_type = 'account' AND ta.id = l.target_id
       LEFT JOIN units tu ON l.target_type = 'unit' AND tu.code = l.target_id
       LEFT JOIN categories tc ON l.target_type = 'category' AND tc.code = l.target_id
       LEFT JOIN petitions tp ON l.target_type = 'petition' AND tp.id = l.target_id
       LEFT JOIN villages tv ON l.target_type = 'village' AND tv.id = l.target_id
       LEFT JOIN dialogue_sessions ds ON ds.id = CASE l.target_type WHEN 'dialogue_session' THEN l.target_id
         WHEN 'session_registration' THEN CASE WHEN json_valid(l.detail) THEN json_extract(l.detail, '$.sessionId') END END
       LEFT JOIN units du ON du.code = CASE WHEN l.target_type IN ('time_limit', 'province_policy') THEN substr(l.target_id, 1, instr(l.target_id, '/') - 1)
         WHEN json_valid(l.detail) THEN json_extract(l.detail, '$.unitCode') END
       ${where} ORDER BY l.id DESC LIMIT ?`,
    )
    .bind(...where.params, limit + 1);
}

export const toAuditPageEntries = (result: D1Result): AuditPageEntry[] =>
  (result.results as AuditPageRow[]).map((row) => ({
    ...toAuditEntry(row),
    actorName: row.actor_name,
    actorRole: row.actor_role,
    actorUnitName: row.actor_unit_name,
    targetName: row.target_name,
    detailUnitName: row.detail_unit_name,
  }));
