/**
 * What a session write tells the outside world: events for the notifications outbox (issue 11). Each
 * workflow hands its events to an optional `EventStatements` builder and appends what it returns to its own
 * write batch, so a message row is written in the same transaction as the change, or not at all.
 *
 * Recipients are given as SQL selections (a `SELECT id …` over `session_registrations` or `villages`)
 * because some are only known inside the batch (who got promoted). Every selection is guarded: it selects
 * nothing when the write it belongs to lost its race.
 */
import type { SessionEventKind } from "./rules";

/** A scalar-free SQL selection of ids with its bound parameters: use it as `WHERE x.id IN (<sql>)`. */
export type Selection = { sql: string; params: unknown[] };

export type SessionEvent = {
  kind: SessionEventKind;
  sessionId: string;
  /** When the change happened (the batch's `now`): part of a natural idempotency key with the kind and recipient. */
  at: string;
  /** Ids in `session_registrations` to tell. */
  registrations?: Selection;
  /** Ids in `villages` whose heads to tell (the session's audience). */
  villages?: Selection;
};

/** Turns events into statements for the same batch (the outbox's inserts). Returns [] to send nothing. */
export type EventStatements = (db: D1Database, events: SessionEvent[]) => D1PreparedStatement[];

/** The write batch's guard: true only when this request's write to the session took place. */
export const sessionWritten = (sessionId: string, token: string): Selection => ({
  sql: "EXISTS (SELECT 1 FROM dialogue_sessions WHERE id = ? AND write_token = ?)",
  params: [sessionId, token],
});

/** Every live registrant of a session, if this request's write took place. */
export function liveRegistrants(sessionId: string, token: string): Selection {
  const guard = sessionWritten(sessionId, token);
  return {
    sql: `SELECT id FROM session_registrations WHERE session_id = ? AND status <> 'cancelled' AND ${guard.sql}`,
    params: [sessionId, ...guard.params],
  };
}

/** The session's audience villages (their heads get told), if this request's write took place. */
export function audienceVillages(sessionId: string, token: string): Selection {
  const guard = sessionWritten(sessionId, token);
  return { sql: `SELECT village_id FROM session_villages WHERE session_id = ? AND ${guard.sql}`, params: [sessionId, ...guard.params] };
}

/** Registrations promoted from the waiting line by this batch (they carry its `now` as `promoted_at`). */
export function promotedBy(sessionId: string, at: string): Selection {
  return { sql: "SELECT id FROM session_registrations WHERE session_id = ? AND promoted_at = ? AND status = 'confirmed'", params: [sessionId, at] };
}

/** One new registration, if it was inserted with this status. */
export function newRegistration(registrationId: string, status: "confirmed" | "waitlisted"): Selection {
  return { sql: "SELECT id FROM session_registrations WHERE id = ? AND status = ?", params: [registrationId, status] };
}

/** Statements for the events, or none when no builder was given. */
export function eventStatements(db: D1Database, build: EventStatements | undefined, events: SessionEvent[]): D1PreparedStatement[] {
  return build && events.length ? build(db, events) : [];
}
