/**
 * SQL for a session's minutes and their items. Saving is one guarded upsert on the minutes' version (it stamps a
 * random `write_token`); everything after it in the batch checks that token, so a save that lost its race writes
 * nothing else. Items are upserted by id; an item's petition and commitment are keyed by the item, so a resend
 * never makes a second one.
 */
import type { Selection } from "../sessions/events";
import type { PlannedItem } from "./rules";
import type { FollowUp } from "./schema";

export type MinutesRow = {
  session_id: string;
  attendance: number;
  summary: string;
  secretary: string | null;
  front_representative: string | null;
  version: number;
  updated_at: string;
};

export function minutesStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  return db
    .prepare("SELECT session_id, attendance, summary, secretary, front_representative, version, updated_at FROM session_minutes WHERE session_id = ?")
    .bind(sessionId);
}

export type ItemRow = {
  id: string;
  position: number;
  question: string;
  asked_by_name: string | null;
  asked_by_village_id: string | null;
  village_name: string | null;
  answer: string | null;
  answered_on_spot: number;
  follow_up: FollowUp | null;
  petition_id: string | null;
  tracking_code: string | null;
  petition_status: string | null;
  petition_due_on: string | null;
  petition_answer: string | null;
  petition_kind: string | null;
  petition_category: string | null;
  commitment_id: string | null;
  owner_account_id: string | null;
  owner_name: string | null;
  commitment_description: string | null;
  commitment_due_on: string | null;
  commitment_status: string | null;
  commitment_percent: number | null;
  commitment_late: number | null;
};

/** An item with what follows it: the petition's public facts, the commitment's terms and progress. */
const ITEM_COLUMNS = `i.id, i.position, i.question, i.asked_by_name, i.asked_by_village_id, v.name AS village_name, i.answer, i.answered_on_spot,
  i.follow_up, i.petition_id, p.tracking_code, p.status AS petition_status, p.due_on AS petition_due_on, p.public_answer AS petition_answer,
  p.kind AS petition_kind, p.category AS petition_category, c.id AS commitment_id, c.owner_account_id, coalesce(a.name, c.owner_name) AS owner_name, c.description AS commitment_description, c.due_on AS commitment_due_on,
  c.status AS commitment_status, c.percent AS commitment_percent, c.late AS commitment_late`;
const ITEM_FROM = `minutes_items i LEFT JOIN villages v ON v.id = i.asked_by_village_id LEFT JOIN petitions p ON p.id = i.petition_id
  LEFT JOIN commitments c ON c.item_id = i.id LEFT JOIN accounts a ON a.id = c.owner_account_id`;

/** A session's items in order (at most 200: the minutes' own limit). */
export function itemsStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  return db.prepare(`SELECT ${ITEM_COLUMNS} FROM ${ITEM_FROM} WHERE i.session_id = ? ORDER BY i.position LIMIT 200`).bind(sessionId);
}

/**
 * The items with a follow-up of a commune's sessions whose results are out, newest session first: the commune's
 * public "what was promised" page. `session_*` columns name the session each item came from.
 */
export function unitFollowUpsStatement(db: D1Database, unitCode: string, limit: number): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${ITEM_COLUMNS}, s.id AS session_id, s.title AS session_title, s.starts_at AS session_starts_at
       FROM dialogue_sessions s JOIN ${ITEM_FROM.replace("minutes_items i", "minutes_items i ON i.session_id = s.id")}
       WHERE s.unit_code = ? AND s.status = 'results_published' AND i.follow_up IS NOT NULL
       ORDER BY s.starts_at DESC, i.position LIMIT ?`,
    )
    .bind(unitCode, limit);
}
export type UnitFollowUpRow = ItemRow & { session_id: string; session_title: string; session_starts_at: string };

/** The guard of the statements after the upsert: true only when this request's save took place. */
export const minutesWritten = (sessionId: string, token: string): Selection => ({
  sql: "EXISTS (SELECT 1 FROM session_minutes WHERE session_id = ? AND write_token = ?)",
  params: [sessionId, token],
});

export type MinutesWrite = {
  sessionId: string;
  token: string;
  /** The version the save was planned on (0: the first save). */
  version: number;
  attendance: number;
  summary: string;
  secretary: string | null;
  frontRepresentative: string | null;
  by: string;
  now: string;
  /** The window in which minutes may be written, as the session's state and start (see rules `minutesOpen`). */
  opensBy: string;
};

/**
 * The guarded upsert: a first save inserts (another request's first save makes this one's conflict path find a
 * version other than 0, so it writes nothing); later saves update only at the version they were planned on. Both
 * only while the session takes minutes.
 */
export function saveMinutesStatement(db: D1Database, write: MinutesWrite): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO session_minutes (session_id, attendance, summary, secretary, front_representative, version, write_token, updated_by, created_at, updated_at)
       SELECT s.id, ?, ?, ?, ?, 1, ?, ?, ?, ? FROM dialogue_sessions s
       WHERE s.id = ? AND (s.status = 'held' OR (s.status = 'published' AND s.starts_at <= ?))
       ON CONFLICT (session_id) DO UPDATE SET attendance = excluded.attendance, summary = excluded.summary, secretary = excluded.secretary,
         front_representative = excluded.front_representative, version = session_minutes.version + 1, write_token = excluded.write_token,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at
       WHERE session_minutes.version = ?`,
    )
    .bind(
      write.attendance,
      write.summary,
      write.secretary,
      write.frontRepresentative,
      write.token,
      write.by,
      write.now,
      write.now,
      write.sessionId,
      write.opensBy,
      write.version,
    );
}

/**
 * The items, upserted by id from one JSON list, after the guard. A petition made in the same batch is linked on
 * insert; a kept link is never replaced (`coalesce`), so an item keeps its first petition.
 */
export function upsertItemsStatement(db: D1Database, sessionId: string, items: PlannedItem[], petitionIds: Map<string, string>, now: string, guard: Selection) {
  const rows = items.map((item) => ({
    id: item.id,
    position: item.position,
    question: item.question,
    askedByName: item.askedBy?.name ?? null,
    villageId: item.askedBy?.villageId ?? null,
    answer: item.answer ?? null,
    answeredOnSpot: item.answeredOnSpot ? 1 : 0,
    followUp: item.followUp ?? null,
    petitionId: petitionIds.get(item.id) ?? null,
  }));
  const value = (name: string) => `j.value ->> '${name}'`;
  return db
    .prepare(
      `INSERT INTO minutes_items (id, session_id, position, question, asked_by_name, asked_by_village_id, answer, answered_on_spot, follow_up, petition_id,
         created_at, updated_at)
       SELECT ${value("id")}, ?, ${value("position")}, ${value("question")}, ${value("askedByName")}, ${value("villageId")}, ${value("answer")},
         ${value("answeredOnSpot")}, ${value("followUp")}, ${value("petitionId")}, ?, ? FROM json_each(?) j WHERE ${guard.sql}
       ON CONFLICT (id) DO UPDATE SET position = excluded.position, question = excluded.question, asked_by_name = excluded.asked_by_name,
         asked_by_village_id = excluded.asked_by_village_id, answer = excluded.answer, answered_on_spot = excluded.answered_on_spot,
         follow_up = excluded.follow_up, petition_id = coalesce(minutes_items.petition_id, excluded.petition_id), updated_at = excluded.updated_at
       WHERE minutes_items.session_id = excluded.session_id`,
    )
    .bind(sessionId, now, now, JSON.stringify(rows), ...guard.params);
}

/** Items the resend left out go, unless something follows them (a petition, a commitment). */
export function removeItemsStatement(db: D1Database, sessionId: string, ids: string[], guard: Selection): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM minutes_items WHERE session_id = ? AND id IN (SELECT value FROM json_each(?)) AND petition_id IS NULL
         AND NOT EXISTS (SELECT 1 FROM commitments c WHERE c.item_id = minutes_items.id) AND ${guard.sql}`,
    )
    .bind(sessionId, JSON.stringify(ids), ...guard.params);
}

/** The askers' names of the sessions whose registrants' data the erasure job has just blanked (ids as JSON). */
export function eraseAskersStatement(db: D1Database, sessionIdsJson: string): D1PreparedStatement {
  return db
    .prepare("UPDATE minutes_items SET asked_by_name = NULL WHERE session_id IN (SELECT value FROM json_each(?)) AND asked_by_name IS NOT NULL")
    .bind(sessionIdsJson);
}
