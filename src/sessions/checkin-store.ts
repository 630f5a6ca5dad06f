/**
 * SQL for the day of the session: checking registrants in (by code, or by part of the name then a pick), counting
 * walk-ins per place, and attendance by place and village. Each write is one guarded statement that holds only
 * inside the check-in window, so a second check-in changes nothing and a closed session takes none.
 */
import { containsPattern } from "../lib/sql";
import { foldDiacritics } from "../lib/text";

/** Check-in opens this long before the start and stays open until the results are published. */
export const CHECK_IN_OPENS_HOURS = 2;

/** The check-in window as SQL over `dialogue_sessions s`: announced or held, and at most two hours before the start. */
const WINDOW = "s.status IN ('published', 'held') AND s.starts_at <= ?";
const windowOpensBy = (now: string) => new Date(Date.parse(now) + CHECK_IN_OPENS_HOURS * 3_600_000).toISOString();

/** Checks a live registration in, once: a registration already checked in, cancelled or erased is left alone. */
export function checkInStatement(db: D1Database, sessionId: string, code: string, by: string, now: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE session_registrations SET checked_in_at = ?, checked_in_by = ?, updated_at = ?
       WHERE code = ? AND session_id = ? AND status <> 'cancelled' AND checked_in_at IS NULL AND erased_at IS NULL
         AND EXISTS (SELECT 1 FROM dialogue_sessions s WHERE s.id = session_registrations.session_id AND ${WINDOW})`,
    )
    .bind(now, by, now, code, sessionId, windowOpensBy(now));
}

/** Sets a place's walk-in count (the absolute number staff last counted), inside the window. */
export function walkInsStatement(db: D1Database, sessionId: string, placeId: string, count: number, now: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE session_places SET walk_ins = ? WHERE id = ? AND session_id = ? AND removed_at IS NULL
         AND EXISTS (SELECT 1 FROM dialogue_sessions s WHERE s.id = session_places.session_id AND ${WINDOW})`,
    )
    .bind(count, placeId, sessionId, windowOpensBy(now));
}

/** Whether check-in is open for the session now (to tell a closed window from a missing registration). */
export const checkInOpen = (session: { status: string; starts_at: string }, now: string) =>
  (session.status === "published" || session.status === "held") && session.starts_at <= windowOpensBy(now);

export type CheckInRow = {
  id: string;
  code: string;
  name: string;
  status: "confirmed" | "waitlisted" | "cancelled";
  checked_in_at: string | null;
  village_name: string | null;
  place_name: string | null;
  place_is_bridge: number;
};

const CHECK_IN_COLUMNS = `r.id, r.code, r.name, r.status, r.checked_in_at, v.name AS village_name, p.name AS place_name, p.is_bridge AS place_is_bridge`;
const CHECK_IN_FROM = "session_registrations r JOIN session_places p ON p.id = r.place_id LEFT JOIN villages v ON v.id = r.village_id";

/** One registration of the session by its code (what a check-in answers with). */
export function checkInRowStatement(db: D1Database, sessionId: string, code: string): D1PreparedStatement {
  return db.prepare(`SELECT ${CHECK_IN_COLUMNS} FROM ${CHECK_IN_FROM} WHERE r.code = ? AND r.session_id = ?`).bind(code, sessionId);
}

/**
 * The session's live registrations whose name contains the typed text (diacritics and case folded: "nguyen van"
 * finds "Nguyễn Văn An"), or whose code starts with it, by name: what staff pick from on the door's phone.
 */
export function checkInSearchStatement(db: D1Database, sessionId: string, typed: string, limit = 20): D1PreparedStatement {
  const folded = foldDiacritics(typed).trim();
  const code = typed.replace(/[\s-]/g, "").toUpperCase();
  return db
    .prepare(
      `SELECT ${CHECK_IN_COLUMNS} FROM ${CHECK_IN_FROM}
       WHERE r.session_id = ? AND r.status <> 'cancelled' AND r.erased_at IS NULL
         AND (coalesce(r.name_folded, lower(r.name)) LIKE ? ESCAPE '\\' OR (? <> '' AND r.code LIKE ? ESCAPE '\\'))
       ORDER BY coalesce(r.name_folded, lower(r.name)), r.queue_no LIMIT ?`,
    )
    .bind(sessionId, containsPattern(folded), code, `${code.replace(/[\\%_]/g, "")}%`, limit);
}

export type AttendancePlaceRow = { id: string; is_bridge: number; name: string | null; capacity: number; walk_ins: number; checked_in: number };
export type AttendanceVillageRow = { village_id: string | null; village_name: string | null; checked_in: number };

/** Per place (the main venue first): registrants checked in and walk-ins counted. */
export function attendanceByPlaceStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT p.id, p.is_bridge, p.name, p.capacity, p.walk_ins,
         (SELECT count(*) FROM session_registrations r WHERE r.place_id = p.id AND r.checked_in_at IS NOT NULL) AS checked_in
       FROM session_places p WHERE p.session_id = ? AND p.removed_at IS NULL ORDER BY p.position`,
    )
    .bind(sessionId);
}

/** Registrants checked in per village (those who named none together). Walk-ins have no village. */
export function attendanceByVillageStatement(db: D1Database, sessionId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT r.village_id, v.name AS village_name, count(*) AS checked_in
       FROM session_registrations r LEFT JOIN villages v ON v.id = r.village_id
       WHERE r.session_id = ? AND r.checked_in_at IS NOT NULL GROUP BY r.village_id ORDER BY v.name_folded`,
    )
    .bind(sessionId);
}
