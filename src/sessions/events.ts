/**
 * What a session write tells the outside world: events for the notifications outbox. Each workflow hands its
 * events to an optional `EventStatements` sink and appends what it returns to its own write batch, so a message
 * row is written in the same transaction as the change, or not at all; once the batch has committed the sink gets
 * those statements' results back (the ids of the rows written, to hand to the queue).
 *
 * Recipients are given as SQL selections (a `SELECT id …` over `session_registrations` or `villages`) because
 * some are only known inside the batch (who got promoted). Every selection is guarded: it selects nothing when
 * the write it belongs to lost its race.
 */
import type { SessionEventKind } from "./rules";

/** A scalar-free SQL selection of ids with its bound parameters (plain `?` only): use it as `WHERE x.id IN (<sql>)`. */
export type Selection = { sql: string; params: unknown[] };

export type SessionEvent = {
  kind: SessionEventKind;
  sessionId: string;
  /** When the change happened (the batch's `now`). */
  at: string;
  /** Ids in `session_registrations` to tell. */
  registrations?: Selection;
  /** Ids in `villages` whose heads to tell. */
  villages?: Selection;
  /** Why (a reschedule's or a cancellation's reason), for the message. */
  reason?: string;
};

/** Where events go: statements for the same batch, and the results of exactly those statements once it committed. */
export type EventStatements = {
  statements: (db: D1Database, events: SessionEvent[]) => D1PreparedStatement[];
  committed?: (results: D1Result[]) => void;
};

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

/**
 * The villages whose heads hear of the session's results, if this request's write took place: its audience, or —
 * when it named none — every current village of the commune (the law sends results to all village heads).
 */
export function audienceVillages(sessionId: string, token: string): Selection {
  const guard = sessionWritten(sessionId, token);
  return {
    sql: `SELECT v.id FROM villages v WHERE v.deleted_at IS NULL AND v.unit_code = (SELECT unit_code FROM dialogue_sessions WHERE id = ?)
      AND (v.id IN (SELECT village_id FROM session_villages WHERE session_id = ?) OR NOT EXISTS (SELECT 1 FROM session_villages WHERE session_id = ?))
      AND ${guard.sql}`,
    params: [sessionId, sessionId, sessionId, ...guard.params],
  };
}

/** Registrations promoted from the waiting line by this batch (they carry its `now` as `promoted_at`). */
export function promotedBy(sessionId: string, at: string): Selection {
  return { sql: "SELECT id FROM session_registrations WHERE session_id = ? AND promoted_at = ? AND status = 'confirmed'", params: [sessionId, at] };
}

/** One new registration, if it was inserted with this status. */
export function newRegistration(registrationId: string, status: "confirmed" | "waitlisted"): Selection {
  return { sql: "SELECT id FROM session_registrations WHERE id = ? AND status = ?", params: [registrationId, status] };
}

/** The events' statements for a batch, and how to hand their results back once the batch has committed. */
export class Told {
  readonly statements: D1PreparedStatement[];

  constructor(
    db: D1Database,
    private readonly sink: EventStatements | undefined,
    events: SessionEvent[],
  ) {
    this.statements = sink && events.length ? sink.statements(db, events) : [];
  }

  /** `batch` is the whole list of statements sent, `results` what D1 answered for it. */
  committed(batch: readonly D1PreparedStatement[], results: readonly D1Result[]): void {
    if (!this.sink?.committed || this.statements.length === 0) return;
    const start = batch.indexOf(this.statements[0]);
    if (start >= 0) this.sink.committed(results.slice(start, start + this.statements.length));
  }
}
