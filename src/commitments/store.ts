/**
 * SQL for commitments: written from the minutes (keyed by the opinion they follow, so a resend updates rather
 * than duplicates), progress reports with an append-only history, the daily lateness sweep, and the lists. The
 * public sees a commitment once its session's results are published; the unit's officials (the province's
 * supervisors) from the start.
 */
import { Where } from "../lib/sql";
import type { Selection } from "../sessions/events";
import type { CommitmentStatus } from "./schema";

export type CommitmentRow = {
  id: string;
  unit_code: string;
  unit_name: string;
  province_code: string;
  session_id: string;
  session_title: string;
  session_starts_at: string;
  session_status: string;
  item_id: string;
  question: string;
  owner_account_id: string | null;
  owner_name: string | null;
  description: string;
  due_on: string;
  status: CommitmentStatus;
  percent: number;
  late: number;
  done_at: string | null;
  updated_at: string;
};

const COLUMNS = `c.id, c.unit_code, u.name AS unit_name, c.province_code, c.session_id, s.title AS session_title, s.starts_at AS session_starts_at,
  s.status AS session_status, c.item_id, i.question, c.owner_account_id, coalesce(a.name, c.owner_name) AS owner_name, c.description, c.due_on,
  c.status, c.percent, c.late, c.done_at, c.updated_at`;
const FROM = `commitments c JOIN dialogue_sessions s ON s.id = c.session_id JOIN units u ON u.code = c.unit_code
  JOIN minutes_items i ON i.id = c.item_id LEFT JOIN accounts a ON a.id = c.owner_account_id`;

/** Whose commitments a viewer sees before the results are out: their unit's, their province's; null: public only. */
export type CommitmentViewer = { unitCode: string } | { provinceCode: string } | null;

function visibility(viewer: CommitmentViewer): { sql: string; params: unknown[] } {
  if (!viewer) return { sql: "s.status = 'results_published'", params: [] };
  if ("unitCode" in viewer) return { sql: "(s.status = 'results_published' OR c.unit_code = ?)", params: [viewer.unitCode] };
  return { sql: "(s.status = 'results_published' OR c.province_code = ?)", params: [viewer.provinceCode] };
}

export function commitmentStatement(db: D1Database, id: string): D1PreparedStatement {
  return db.prepare(`SELECT ${COLUMNS} FROM ${FROM} WHERE c.id = ?`).bind(id);
}

export type CommitmentEventRow = { at: string; action: string; status: CommitmentStatus; percent: number; note: string | null; actor_name: string | null };

/** A commitment's history, oldest first (at most 200 entries shown). */
export function commitmentEventsStatement(db: D1Database, id: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT e.at, e.action, e.status, e.percent, e.note, a.name AS actor_name FROM commitment_events e LEFT JOIN accounts a ON a.id = e.actor_id
       WHERE e.commitment_id = ? ORDER BY e.id LIMIT 200`,
    )
    .bind(id);
}

export type CommitmentFilter = { unitCode?: string; provinceCode?: string; status?: CommitmentStatus; sessionId?: string; late?: boolean };

/**
 * A page of commitments by due day, keyset on (due_on, id), as SQL (a pure function, so a test reads its query
 * plan): a session's on its index, a commune's on (unit_code[, status], due_on), a province's on (province_code,
 * due_on), everyone's on (due_on, id).
 */
export function commitmentListQuery(filter: CommitmentFilter, viewer: CommitmentViewer, limit: number, after: [string, string] | null) {
  const seen = visibility(viewer);
  const where = new Where()
    .optional(filter.sessionId, "c.session_id = ?")
    .optional(filter.unitCode, filter.sessionId ? "+c.unit_code = ?" : "c.unit_code = ?")
    .optional(filter.provinceCode, filter.sessionId || filter.unitCode ? "+c.province_code = ?" : "c.province_code = ?")
    .optional(filter.status, filter.unitCode && !filter.sessionId ? "c.status = ?" : "+c.status = ?")
    .add(seen.sql, ...seen.params);
  if (filter.late !== undefined) where.add("+c.late = ?", filter.late ? 1 : 0);
  if (after) where.add("(c.due_on, c.id) > (?, ?)", after[0], after[1]);
  return { sql: `SELECT ${COLUMNS} FROM ${FROM}${where} ORDER BY c.due_on, c.id LIMIT ?`, params: [...where.params, limit + 1] };
}

export function commitmentListStatement(db: D1Database, ...args: Parameters<typeof commitmentListQuery>): D1PreparedStatement {
  const query = commitmentListQuery(...args);
  return db.prepare(query.sql).bind(...query.params);
}

export type CommitmentWrite = {
  id: string;
  itemId: string;
  ownerAccountId: string | null;
  ownerName: string | null;
  description: string;
  dueOn: string;
};

/**
 * The minutes' commitments, upserted by the opinion they follow (`item_id`, unique): new ones open at 0 %, kept
 * ones take the terms as the minutes now say them; progress, status and lateness are left as they are.
 */
export function upsertCommitmentsStatement(
  db: D1Database,
  session: { id: string; unitCode: string; provinceCode: string },
  commitments: CommitmentWrite[],
  by: string,
  now: string,
  guard: Selection,
): D1PreparedStatement {
  const value = (name: string) => `j.value ->> '${name}'`;
  return db
    .prepare(
      `INSERT INTO commitments (id, unit_code, province_code, session_id, item_id, owner_account_id, owner_name, description, due_on, status, percent,
         created_by, created_at, updated_at)
       SELECT ${value("id")}, ?, ?, ?, ${value("itemId")}, ${value("ownerAccountId")}, ${value("ownerName")}, ${value("description")}, ${value("dueOn")},
         'open', 0, ?, ?, ? FROM json_each(?) j WHERE ${guard.sql}
       ON CONFLICT (item_id) DO UPDATE SET owner_account_id = excluded.owner_account_id, owner_name = excluded.owner_name,
         description = excluded.description, due_on = excluded.due_on, updated_at = excluded.updated_at
       WHERE commitments.owner_account_id IS NOT excluded.owner_account_id OR commitments.owner_name IS NOT excluded.owner_name
         OR commitments.description IS NOT excluded.description OR commitments.due_on IS NOT excluded.due_on`,
    )
    .bind(session.unitCode, session.provinceCode, session.id, by, now, now, JSON.stringify(commitments), ...guard.params);
}

/**
 * History for the minutes' commitments, after their upsert: `create` for those without any history yet, `edit`
 * for those the upsert just changed (their `updated_at` is this save's instant).
 */
export function commitmentWrittenEventsStatement(db: D1Database, ids: string[], by: string, now: string, guard: Selection): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO commitment_events (commitment_id, at, actor_id, action, status, percent, note)
       SELECT c.id, ?, ?, CASE WHEN EXISTS (SELECT 1 FROM commitment_events e WHERE e.commitment_id = c.id) THEN 'edit' ELSE 'create' END,
         c.status, c.percent, NULL
       FROM commitments c WHERE c.id IN (SELECT value FROM json_each(?)) AND c.updated_at = ? AND ${guard.sql}`,
    )
    .bind(now, by, JSON.stringify(ids), now, ...guard.params);
}

/** A progress report: one guarded UPDATE (the commitment is still of the unit), then its history entry if it applied. */
export function progressStatements(
  db: D1Database,
  change: { id: string; unitCode: string; status: CommitmentStatus; percent: number; done: boolean; note: string; by: string; now: string },
): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `UPDATE commitments SET status = ?, percent = ?, done_at = CASE WHEN ? THEN coalesce(done_at, ?) ELSE NULL END, updated_at = ?
         WHERE id = ? AND unit_code = ?`,
      )
      .bind(change.status, change.percent, change.done ? 1 : 0, change.now, change.now, change.id, change.unitCode),
    db
      .prepare(
        "INSERT INTO commitment_events (commitment_id, at, actor_id, action, status, percent, note) SELECT ?, ?, ?, 'progress', ?, ?, ? WHERE changes() = 1",
      )
      .bind(change.id, change.now, change.by, change.status, change.percent, change.note),
  ];
}

/**
 * The daily sweep: commitments not done whose due day is over are flagged late, once (`late = 0` guards it), and
 * each gets a `late` history entry — in one batch, found again by the run's instant.
 */
export function markLateStatements(db: D1Database, today: string, now: string): D1PreparedStatement[] {
  return [
    db.prepare("UPDATE commitments SET late = 1, late_marked_at = ?, updated_at = ? WHERE late = 0 AND status <> 'done' AND due_on < ?").bind(now, now, today),
    db
      .prepare(
        `INSERT INTO commitment_events (commitment_id, at, actor_id, action, status, percent, note)
         SELECT id, ?, NULL, 'late', status, percent, NULL FROM commitments WHERE late = 1 AND late_marked_at = ?
           AND NOT EXISTS (SELECT 1 FROM commitment_events e WHERE e.commitment_id = commitments.id AND e.action = 'late')`,
      )
      .bind(now, now),
  ];
}
