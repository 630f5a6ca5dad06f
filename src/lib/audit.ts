/** An append-only audit entry, as a statement to run in the same batch as the change it records. */
export function auditStatement(
  db: D1Database,
  entry: { actorId: string | null; action: string; targetType: string; targetId: string; detail?: unknown },
): D1PreparedStatement {
  return db
    .prepare("INSERT INTO audit_log (at, actor_id, action, target_type, target_id, detail) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(
      new Date().toISOString(),
      entry.actorId,
      entry.action,
      entry.targetType,
      entry.targetId,
      entry.detail === undefined ? null : JSON.stringify(entry.detail),
    );
}
