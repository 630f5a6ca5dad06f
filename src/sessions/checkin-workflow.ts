/**
 * On the day: the unit's head and staff check registrants in by code (or find them by name, then pick), count
 * walk-ins per place, and see attendance by place and village. Reads are one round trip, writes two; checking
 * someone in twice changes nothing and answers the same.
 */
import { auditStatement } from "../audit/store";
import type { SessionUser } from "../auth/sessions";
import { conflict, fieldError, forbidden, invalid, notFound } from "../lib/problem";
import {
  type AttendancePlaceRow,
  type AttendanceVillageRow,
  attendanceByPlaceStatement,
  attendanceByVillageStatement,
  type CheckInRow,
  checkInOpen,
  checkInRowStatement,
  checkInSearchStatement,
  checkInStatement,
  walkInsStatement,
} from "./checkin-store";
import { keepsDocket, sessionAccess } from "./rules";
import type { Attendance, CheckInInput } from "./schema";
import { type SessionRow, sessionStatement } from "./store";

const APPLIED = { afterChange: true };

/** Attendance from its two statements' rows; the main venue carries the session's venue name. */
export function toAttendance(session: Pick<SessionRow, "venue_name">, places: AttendancePlaceRow[], villages: AttendanceVillageRow[]): Attendance {
  const byPlace = places.map((place) => ({
    id: place.id,
    name: place.is_bridge ? (place.name ?? "") : session.venue_name,
    bridgePoint: place.is_bridge === 1,
    capacity: place.capacity,
    checkedIn: place.checked_in,
    walkIns: place.walk_ins,
  }));
  return {
    total: byPlace.reduce((sum, place) => sum + place.checkedIn + place.walkIns, 0),
    places: byPlace,
    villages: villages.map((village) => ({ id: village.village_id, name: village.village_name, checkedIn: village.checked_in })),
  };
}

const toCheckedIn = (row: CheckInRow, venueName: string) => ({
  registrationCode: row.code,
  name: row.name,
  status: row.status,
  checkedInAt: row.checked_in_at,
  place: row.place_is_bridge ? (row.place_name ?? "") : venueName,
  village: row.village_name,
});

/** The session for the unit's head and staff: 404 outside the unit, 403 for a supervisor (who only reads). */
function sessionForDoor(user: SessionUser, result: D1Result): SessionRow {
  const session = result.results[0] as SessionRow | undefined;
  if (!session || sessionAccess(user, session) !== "official") throw notFound("session.not_found");
  if (!keepsDocket(user, session.unit_code)) throw forbidden("checkin.role_may_not");
  return session;
}

/**
 * `POST /sessions/:id/checkins`: a registrant by code, or a place's walk-in count. From two hours before the
 * start until the results are published; a cancelled registration is refused.
 */
export async function checkIn(db: D1Database, user: SessionUser, sessionId: string, input: CheckInInput, now = new Date().toISOString()) {
  const code = input.registrationCode;
  const attendance = [attendanceByPlaceStatement(db, sessionId), attendanceByVillageStatement(db, sessionId)];
  const [sessions, places, villages, found] = await db.batch<Record<string, unknown>>([
    sessionStatement(db, sessionId),
    ...attendance,
    ...(code ? [checkInRowStatement(db, sessionId, code)] : []),
  ]);
  const session = sessionForDoor(user, sessions);
  if (!checkInOpen(session, now)) throw conflict("checkin.closed");
  const attendanceOf = (placeRows: D1Result, villageRows: D1Result) =>
    toAttendance(session, placeRows.results as AttendancePlaceRow[], villageRows.results as AttendanceVillageRow[]);

  if (code) {
    const row = found.results[0] as CheckInRow | undefined;
    if (!row) throw notFound("registration.not_found");
    if (row.status === "cancelled") throw conflict("checkin.cancelled");
    // Twice is harmless: nothing to write, and the same answer with attendance as it is.
    if (row.checked_in_at) return { registration: toCheckedIn(row, session.venue_name), alreadyCheckedIn: true, attendance: attendanceOf(places, villages) };
    const writes = [
      checkInStatement(db, sessionId, code, user.id, now),
      auditStatement(
        db,
        { actorId: user.id, action: "session.check_in", targetType: "session_registration", targetId: row.id, detail: { sessionId } },
        APPLIED,
      ),
    ];
    const results = await db.batch([...writes, checkInRowStatement(db, sessionId, code), ...attendance]);
    const current = results[writes.length].results[0] as CheckInRow;
    if (!current.checked_in_at) throw current.status === "cancelled" ? conflict("checkin.cancelled") : conflict("checkin.closed");
    return {
      registration: toCheckedIn(current, session.venue_name),
      // Another desk checked them in between our read and our write: still once, still the same answer.
      alreadyCheckedIn: results[0].meta.changes === 0,
      attendance: attendanceOf(results[writes.length + 1], results[writes.length + 2]),
    };
  }

  const placeId = input.bridgePointId ?? sessionId;
  if (!(places.results as AttendancePlaceRow[]).some((place) => place.id === placeId))
    throw invalid([fieldError("bridgePointId", "registration.place_invalid")]);
  const count = input.walkIns ?? 0;
  const writes = [
    walkInsStatement(db, sessionId, placeId, count, now),
    auditStatement(
      db,
      { actorId: user.id, action: "session.walk_ins", targetType: "dialogue_session", targetId: sessionId, detail: { placeId, count } },
      APPLIED,
    ),
  ];
  const results = await db.batch([...writes, ...attendance]);
  if (results[0].meta.changes !== 1) throw conflict("checkin.closed");
  return { attendance: attendanceOf(results[writes.length], results[writes.length + 1]) };
}

/** The door's page: registrations matching what staff typed, and attendance so far (one round trip). */
export async function checkInDesk(db: D1Database, user: SessionUser, sessionId: string, typed: string | undefined) {
  const [sessions, places, villages, matches] = await db.batch<Record<string, unknown>>([
    sessionStatement(db, sessionId),
    attendanceByPlaceStatement(db, sessionId),
    attendanceByVillageStatement(db, sessionId),
    ...(typed ? [checkInSearchStatement(db, sessionId, typed)] : []),
  ]);
  const session = sessionForDoor(user, sessions);
  return {
    session,
    open: checkInOpen(session, new Date().toISOString()),
    attendance: toAttendance(session, places.results as AttendancePlaceRow[], villages.results as AttendanceVillageRow[]),
    matches: ((matches?.results ?? []) as CheckInRow[]).map((row) => toCheckedIn(row, session.venue_name)),
  };
}
