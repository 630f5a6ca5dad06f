/**
 * SQL for dialogue sessions: statement builders that callers put into one `batch()`. The clash check lives
 * inside the INSERT/UPDATE it guards (`… WHERE NOT EXISTS (clash)`), so two racing bookings cannot both win;
 * what follows a guarded write checks the session's `write_token`, so a lost race writes nothing else.
 */

import type { Calendar } from "../holidays/rules";
import { calendarFromStatement, toCalendar } from "../holidays/store";
import type { Policy } from "../policies/schema";
import { type PolicyRow, policyStatement, toPolicy } from "../policies/store";
import { type Selection, sessionWritten } from "./events";
import { foldVenue, MAX_SESSION_DURATION_MS, type PlaceWrite, RESULTS_HOLIDAY_WINDOW_DAYS, type SessionChanges, type SessionPlan } from "./rules";
import type { CreateSessionInput, SessionMode, SessionStatus } from "./schema";

export type SessionRow = {
  id: string;
  unit_code: string;
  province_code: string;
  unit_name: string;
  title: string;
  agenda: string | null;
  starts_at: string;
  ends_at: string;
  venue_name: string;
  venue_address: string | null;
  chair_account_id: string;
  chair_name: string | null;
  mode: SessionMode;
  online_url: string | null;
  co_chair_name: string | null;
  co_chair_title: string | null;
  co_organiser: string | null;
  short_notice_reason: string | null;
  short_notice: number;
  recorded_afterwards: number;
  status: SessionStatus;
  listed: number;
  sequence: number;
  version: number;
  published_at: string | null;
  held_at: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  results_summary: string | null;
  results_published_at: string | null;
  created_at: string;
  updated_at: string;
};

const SESSION_COLUMNS = `s.id, s.unit_code, s.province_code, u.name AS unit_name, s.title, s.agenda, s.starts_at, s.ends_at, s.venue_name, s.venue_address,
  s.chair_account_id, a.name AS chair_name, s.mode, s.online_url, s.co_chair_name, s.co_chair_title, s.co_organiser, s.short_notice_reason,
  s.short_notice, s.recorded_afterwards, s.status, s.listed, s.sequence, s.version, s.published_at, s.held_at, s.cancelled_at, s.cancel_reason,
  s.results_summary, s.results_published_at, s.created_at, s.updated_at`;
const SESSION_FROM = "dialogue_sessions s JOIN units u ON u.code = s.unit_code LEFT JOIN accounts a ON a.id = s.chair_account_id";

export function sessionStatement(db: D1Database, id: string): D1PreparedStatement {
  return db.prepare(`SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.id = ?`).bind(id);
}

export type PlaceRow = {
  id: string;
  is_bridge: number;
  name: string | null;
  address: string | null;
  capacity: number;
  position: number;
  confirmed: number;
  waitlisted: number;
};

/** A session's places (the main venue first) with seats taken and the waiting line at each. */
export function placesStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT p.id, p.is_bridge, p.name, p.address, p.capacity, p.position,
         (SELECT count(*) FROM session_registrations r WHERE r.place_id = p.id AND r.status = 'confirmed') AS confirmed,
         (SELECT count(*) FROM session_registrations r WHERE r.place_id = p.id AND r.status = 'waitlisted') AS waitlisted
       FROM session_places p WHERE p.session_id = ? AND p.removed_at IS NULL ORDER BY p.position`,
    )
    .bind(sessionId);
}

export type AudienceRow = { id: string; name: string };
export function audienceStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  return db
    .prepare("SELECT v.id, v.name FROM session_villages sv JOIN villages v ON v.id = sv.village_id WHERE sv.session_id = ? ORDER BY v.name_folded")
    .bind(sessionId);
}

/** The province policy in force on the session's local day (a period is judged by the policy at its end). */
export function sessionPolicyStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  return policyStatement(
    db,
    { subquery: "SELECT province_code FROM dialogue_sessions WHERE id = ?", params: [sessionId] },
    { subquery: "SELECT date(starts_at, '+7 hours') FROM dialogue_sessions WHERE id = ?", params: [sessionId] },
  );
}

/** The holidays after a session's local day that its results' due day may fall among. */
function sessionHolidaysStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  return calendarFromStatement(
    db,
    { subquery: "SELECT date(starts_at, '+7 hours') FROM dialogue_sessions WHERE id = ?", params: [sessionId] },
    RESULTS_HOLIDAY_WINDOW_DAYS,
  );
}

/** Everything a session's page shows, as statements for one batch; read them back with `readSessionParts`. */
export function sessionPartsStatements(db: D1Database, sessionId: string): D1PreparedStatement[] {
  return [
    sessionStatement(db, sessionId),
    placesStatement(db, sessionId),
    audienceStatement(db, sessionId),
    sessionPolicyStatement(db, sessionId),
    sessionHolidaysStatement(db, sessionId),
  ];
}
export const SESSION_PARTS = 5;

export type SessionParts = { row: SessionRow; places: PlaceRow[]; audience: AudienceRow[]; policy: Policy; holidays: Calendar };

export function readSessionParts(results: D1Result[]): SessionParts | null {
  const row = results[0].results[0] as SessionRow | undefined;
  if (!row) return null;
  return {
    row,
    places: results[1].results as PlaceRow[],
    audience: results[2].results as AudienceRow[],
    policy: toPolicy(results[3].results as PolicyRow[]),
    holidays: toCalendar(results[4].results),
  };
}

/** A candidate for the clash rule: its unit, times, folded venue and chair; `excludeId` is the session itself when it moves. */
export type ClashCandidate = { unitCode: string; startsAt: string; endsAt: string; venueName: string; chairAccountId: string; excludeId: string };

/**
 * API.md's clash rule as SQL over the (unit_code, starts_at) index: a session lasts at most a day, so only
 * those starting in the day before the candidate's end can overlap it — a bounded index range.
 */
function clash(candidate: ClashCandidate): Selection {
  const earliest = new Date(Date.parse(candidate.startsAt) - MAX_SESSION_DURATION_MS).toISOString();
  return {
    sql: `SELECT id, title, starts_at, ends_at FROM dialogue_sessions WHERE unit_code = ? AND starts_at > ? AND starts_at < ? AND ends_at > ?
      AND status <> 'cancelled' AND (venue_folded = ? OR chair_account_id = ?) AND id <> ?`,
    params: [candidate.unitCode, earliest, candidate.endsAt, candidate.startsAt, foldVenue(candidate.venueName), candidate.chairAccountId, candidate.excludeId],
  };
}

export type ClashRow = { id: string; title: string; starts_at: string; ends_at: string };

/** The first session the candidate would clash with (the booking form's check, and a lost race's explanation). */
export function clashStatement(db: D1Database, candidate: ClashCandidate): D1PreparedStatement {
  const query = clash(candidate);
  return db.prepare(`${query.sql} ORDER BY starts_at LIMIT 1`).bind(...query.params);
}

export const toConflict = (row: ClashRow) => ({ id: row.id, title: row.title, startsAt: row.starts_at, endsAt: row.ends_at });

export type NewSession = {
  id: string;
  token: string;
  input: CreateSessionInput;
  provinceCode: string;
  chairAccountId: string;
  status: "draft" | "held";
  recordedAfterwards: boolean;
  createdBy: string;
  now: string;
};

/**
 * The booking: one INSERT that only happens when nothing clashes, then its places and audience, which only
 * happen when the INSERT did (the token check). Append the audit entry and events guarded by `sessionWritten`.
 */
export function insertSessionStatements(db: D1Database, session: NewSession): D1PreparedStatement[] {
  const { input, id, token, now } = session;
  const guard = clash({ ...input, venueName: input.venue.name, chairAccountId: session.chairAccountId, excludeId: id });
  const written = sessionWritten(id, token);
  const recorded = session.status === "held";
  const places: PlaceWrite[] = [
    { id, isBridge: false, name: null, address: null, capacity: input.capacity, position: 0 },
    ...input.bridgePoints.map((point, index) => ({
      id: crypto.randomUUID(),
      isBridge: true,
      name: point.name,
      address: point.address ?? null,
      capacity: point.capacity,
      position: index + 1,
    })),
  ];
  return [
    db
      .prepare(
        `INSERT INTO dialogue_sessions (id, unit_code, province_code, title, agenda, starts_at, ends_at, venue_name, venue_address, venue_folded,
           chair_account_id, mode, online_url, co_chair_name, co_chair_title, co_organiser, short_notice_reason, recorded_afterwards, status, listed,
           held_at, write_token, created_by, created_at, updated_at)
         SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (${guard.sql})`,
      )
      .bind(
        id,
        input.unitCode,
        session.provinceCode,
        input.title,
        input.agenda ?? null,
        input.startsAt,
        input.endsAt,
        input.venue.name,
        input.venue.address ?? null,
        foldVenue(input.venue.name),
        session.chairAccountId,
        input.mode,
        input.onlineUrl ?? null,
        input.coChair?.name ?? null,
        input.coChair?.title ?? null,
        input.coOrganiser ?? null,
        input.shortNoticeReason ?? null,
        recorded ? 1 : 0,
        session.status,
        recorded ? 1 : 0,
        recorded ? input.endsAt : null,
        token,
        session.createdBy,
        now,
        now,
        ...guard.params,
      ),
    writePlacesStatement(db, id, places, written),
    db
      .prepare(`INSERT INTO session_villages (session_id, village_id) SELECT ?, value FROM json_each(?) WHERE ${written.sql}`)
      .bind(id, JSON.stringify(input.villageIds), ...written.params),
  ];
}

/** Adds or edits places from one JSON list (an upsert on id), only when `guard` holds. */
function writePlacesStatement(db: D1Database, sessionId: string, places: PlaceWrite[], guard: Selection): D1PreparedStatement {
  const rows = places.map((place) => [place.id, place.isBridge ? 1 : 0, place.name, place.address, place.capacity, place.position]);
  return db
    .prepare(
      `INSERT INTO session_places (id, session_id, is_bridge, name, address, capacity, position)
       SELECT value ->> 0, ?, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5 FROM json_each(?) WHERE ${guard.sql}
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address, capacity = excluded.capacity, position = excluded.position`,
    )
    .bind(sessionId, JSON.stringify(rows), ...guard.params);
}

const CHANGE_COLUMNS: Record<keyof SessionChanges, string> = {
  status: "status",
  startsAt: "starts_at",
  endsAt: "ends_at",
  listed: "listed",
  shortNotice: "short_notice",
  shortNoticeReason: "short_notice_reason",
  publishedAt: "published_at",
  heldAt: "held_at",
  cancelledAt: "cancelled_at",
  cancelReason: "cancel_reason",
  resultsSummary: "results_summary",
  resultsPublishedAt: "results_published_at",
};

/**
 * A lifecycle action as one guarded UPDATE: it applies only if the session is still at `version` and in its
 * state, and — for new times — only if nothing clashes with them. Nothing else in the batch may run unless
 * it did (check `sessionWritten(id, token)`).
 */
export function applyActionStatement(db: D1Database, row: SessionRow, plan: SessionPlan, token: string, now: string): D1PreparedStatement {
  const sets = ["version = version + 1", "write_token = ?", "updated_at = ?"];
  const params: unknown[] = [token, now];
  if (plan.bumpSequence) sets.push("sequence = sequence + 1");
  for (const [key, value] of Object.entries(plan.changes) as [keyof SessionChanges, unknown][]) {
    if (value === undefined) continue;
    sets.push(`${CHANGE_COLUMNS[key]} = ?`);
    params.push(typeof value === "boolean" ? (value ? 1 : 0) : value);
  }
  let clashGuard = "";
  if (plan.newTimes) {
    const query = clash({ unitCode: row.unit_code, ...plan.newTimes, venueName: row.venue_name, chairAccountId: row.chair_account_id, excludeId: row.id });
    clashGuard = ` AND NOT EXISTS (${query.sql})`;
    params.push(row.id, row.version, row.status, ...query.params);
  } else {
    params.push(row.id, row.version, row.status);
  }
  return db.prepare(`UPDATE dialogue_sessions SET ${sets.join(", ")} WHERE id = ? AND version = ? AND status = ?${clashGuard}`).bind(...params);
}

export type EditWrite = {
  columns: Record<string, string | null>;
  venueName: string;
  venueChanged: boolean;
  places: { write: PlaceWrite[]; remove: string[] } | null;
  villageIds: string[] | null;
};

/**
 * A PATCH as one gate UPDATE — version and state, a changed venue's clash, no place below its confirmed
 * seats, no bridge point taken off while people hold registrations there — then the places and the
 * audience, which only run when the gate passed.
 */
export function editStatements(db: D1Database, row: SessionRow, edit: EditWrite, token: string, now: string): D1PreparedStatement[] {
  const sets = ["version = version + 1", "sequence = sequence + 1", "write_token = ?", "updated_at = ?"];
  const params: unknown[] = [token, now];
  for (const [column, value] of Object.entries(edit.columns)) {
    sets.push(`${column} = ?`);
    params.push(value);
  }
  const conditions = ["id = ?", "version = ?", "status IN ('draft', 'published')"];
  params.push(row.id, row.version);
  if (edit.venueChanged) {
    const query = clash({
      unitCode: row.unit_code,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      venueName: edit.venueName,
      chairAccountId: row.chair_account_id,
      excludeId: row.id,
    });
    conditions.push(`NOT EXISTS (${query.sql})`);
    params.push(...query.params);
  }
  if (edit.places) {
    conditions.push(
      `NOT EXISTS (SELECT 1 FROM json_each(?) j WHERE (j.value ->> 1) < (SELECT count(*) FROM session_registrations r WHERE r.place_id = (j.value ->> 0) AND r.status = 'confirmed'))`,
      `NOT EXISTS (SELECT 1 FROM session_registrations r WHERE r.place_id IN (SELECT value FROM json_each(?)) AND r.status <> 'cancelled')`,
    );
    params.push(JSON.stringify(edit.places.write.map((place) => [place.id, place.capacity])), JSON.stringify(edit.places.remove));
  }
  const written = sessionWritten(row.id, token);
  const statements = [db.prepare(`UPDATE dialogue_sessions SET ${sets.join(", ")} WHERE ${conditions.join(" AND ")}`).bind(...params)];
  if (edit.places) {
    statements.push(writePlacesStatement(db, row.id, edit.places.write, written));
    if (edit.places.remove.length) {
      statements.push(
        db
          .prepare(`UPDATE session_places SET removed_at = ? WHERE session_id = ? AND id IN (SELECT value FROM json_each(?)) AND ${written.sql}`)
          .bind(now, row.id, JSON.stringify(edit.places.remove), ...written.params),
      );
    }
  }
  if (edit.villageIds) {
    statements.push(
      db.prepare(`DELETE FROM session_villages WHERE session_id = ? AND ${written.sql}`).bind(row.id, ...written.params),
      db
        .prepare(`INSERT INTO session_villages (session_id, village_id) SELECT ?, value FROM json_each(?) WHERE ${written.sql}`)
        .bind(row.id, JSON.stringify(edit.villageIds), ...written.params),
    );
  }
  return statements;
}

/** Whether a guarded write of this request took place: read in the same batch after it. */
export function writtenStatement(db: D1Database, sessionId: string, token: string): D1PreparedStatement {
  const guard = sessionWritten(sessionId, token);
  return db.prepare(`SELECT ${guard.sql} AS written`).bind(...guard.params);
}
export const wasWritten = (result: D1Result) => (result.results[0] as { written: number } | undefined)?.written === 1;

/** Local day YYYY-MM-DD → the instant its 00:00 in Asia/Ho_Chi_Minh. */
export const startOfLocalDay = (day: string) => new Date(`${day}T00:00:00+07:00`).toISOString();

export type SessionListRow = SessionRow & { capacity: number; confirmed: number; waitlisted: number };
export type SessionListScope = { unitCode?: string; provinceCode?: string };
/** `viewer`: whose unpublished sessions the caller may also see (their unit's, their province's); null: announced ones only. */
export type SessionListFilter = { from?: string; to?: string; status?: SessionStatus; viewer: { unitCode: string } | { provinceCode: string } | null };

/**
 * A page of sessions by start, keyset on (starts_at, id), as SQL (a pure function, so a test can read its
 * query plan). The unit's list runs on (unit_code, starts_at) — `+s.listed` keeps the planner off the
 * nationwide index — and the public lists per province and nationwide on (province_code, listed, starts_at)
 * and (listed, starts_at).
 */
export function sessionListQuery(scope: SessionListScope, filter: SessionListFilter, limit: number, after: [string, string] | null) {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (scope.unitCode) add("s.unit_code = ?", scope.unitCode);
  else if (scope.provinceCode) add("s.province_code = ?", scope.provinceCode);
  const listed = scope.unitCode ? "+s.listed" : "s.listed";
  if (!filter.viewer) add(`${listed} = 1`);
  else if ("unitCode" in filter.viewer) add(`(${listed} = 1 OR s.unit_code = ?)`, filter.viewer.unitCode);
  else add(`(${listed} = 1 OR s.province_code = ?)`, filter.viewer.provinceCode);
  if (filter.from) add("s.starts_at >= ?", startOfLocalDay(filter.from));
  if (filter.to) add("s.starts_at < ?", new Date(Date.parse(startOfLocalDay(filter.to)) + 86_400_000).toISOString());
  if (filter.status) add("s.status = ?", filter.status);
  if (after) add("s.starts_at >= ? AND (s.starts_at > ? OR s.id > ?)", after[0], after[0], after[1]);
  const sql = `SELECT ${SESSION_COLUMNS},
      (SELECT capacity FROM session_places WHERE id = s.id) AS capacity,
      (SELECT count(*) FROM session_registrations r WHERE r.place_id = s.id AND r.status = 'confirmed') AS confirmed,
      (SELECT count(*) FROM session_registrations r WHERE r.place_id = s.id AND r.status = 'waitlisted') AS waitlisted
    FROM ${SESSION_FROM} WHERE ${where.length ? where.join(" AND ") : "1"} ORDER BY s.starts_at, s.id LIMIT ?`;
  return { sql, params: [...params, limit + 1] };
}

export function sessionListStatement(db: D1Database, scope: SessionListScope, filter: SessionListFilter, limit: number, after: [string, string] | null) {
  const query = sessionListQuery(scope, filter, limit, after);
  return db.prepare(query.sql).bind(...query.params);
}

/** The villages of a session's commune by name (no heads' contacts): where a registrant says they live. */
export function sessionUnitVillagesStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT id, unit_code, name, NULL AS head_name, NULL AS head_phone, NULL AS head_email FROM villages
       WHERE deleted_at IS NULL AND unit_code = (SELECT unit_code FROM dialogue_sessions WHERE id = ?) ORDER BY name_folded LIMIT 1000`,
    )
    .bind(sessionId);
}
