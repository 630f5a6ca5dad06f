/**
 * Registration use cases: residents register, look up and cancel with their code; officials list them.
 * A seat is decided inside the INSERT and freed seats go to the first in line in the cancelling batch.
 */

import { auditStatement } from "../audit/store";
import type { SessionUser } from "../auth/sessions";
import { conflict, fieldError, invalid, notFound, Problem } from "../lib/problem";
import type { ResidentNotification } from "../notifications/schema";
import { residentNotificationsStatement, toResidentNotification } from "../notifications/store";
import { type EventStatements, newRegistration, promotedBy, Told } from "./events";
import {
  cancelRegistrationStatement,
  insertRegistrationStatement,
  livePhoneStatement,
  newRegistrationCode,
  promoteWaitingStatement,
  type RegistrationRow,
  type RegistrationSessionRow,
  registrationByCodeStatement,
  registrationByIdStatement,
  registrationSessionStatement,
  registrationsStatement,
} from "./registration-store";
import { registrationOpen, sessionAccess } from "./rules";
import type { RegisterInput } from "./schema";
import { type PlaceRow, placesStatement, type SessionRow, sessionStatement } from "./store";
import { placeOf, toOfficialRegistration } from "./views";

export type RegistrationOptions = { now?: string; events?: EventStatements };

const APPLIED = { afterChange: true };

function villageInUnitStatement(db: D1Database, villageId: string, sessionId: string): D1PreparedStatement {
  return db
    .prepare("SELECT id FROM villages WHERE id = ? AND deleted_at IS NULL AND unit_code = (SELECT unit_code FROM dialogue_sessions WHERE id = ?)")
    .bind(villageId, sessionId);
}

/** What the resident sees of their registration: status, place in line, the session, the place and what was sent. */
export function toRegistrationView(row: RegistrationRow, session: RegistrationSessionRow, sent: ResidentNotification[] = []) {
  return {
    registrationCode: row.code,
    status: row.status,
    ...(row.position !== null ? { position: row.position } : {}),
    name: row.name,
    place: placeOf(row, session.venue_name),
    checkedInAt: row.checked_in_at,
    session: {
      id: session.id,
      title: session.title,
      startsAt: session.starts_at,
      endsAt: session.ends_at,
      status: session.status,
      unit: { code: session.unit_code, name: session.unit_name },
    },
    notifications: sent,
  };
}

/**
 * Registers a resident for a published session that has not started: a seat at the chosen place (the main
 * venue unless a bridge point is named) if one is free, else the waiting line. One live registration per phone.
 */
export async function register(db: D1Database, sessionId: string, input: RegisterInput, options: RegistrationOptions = {}) {
  const now = options.now ?? new Date().toISOString();
  const [sessions, places, villages] = await db.batch<Record<string, unknown>>([
    sessionStatement(db, sessionId),
    placesStatement(db, sessionId),
    ...(input.villageId ? [villageInUnitStatement(db, input.villageId, sessionId)] : []),
  ]);
  const session = sessions.results[0] as SessionRow | undefined;
  if (session?.listed !== 1) throw notFound("session.not_found");
  if (!registrationOpen(session.status, session.starts_at, now)) throw conflict("registration.closed");
  const placeId = input.bridgePointId ?? sessionId;
  const errors = [];
  if (!(places.results as PlaceRow[]).some((place) => place.id === placeId)) errors.push(fieldError("bridgePointId", "registration.place_invalid"));
  if (input.villageId && villages?.results.length === 0) errors.push(fieldError("villageId", "session.village_invalid"));
  if (errors.length) throw invalid(errors);

  // A code collision (50 bits) would look like a refusal: it is told apart from the real ones and retried.
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = crypto.randomUUID();
    const code = newRegistrationCode();
    const told = new Told(db, options.events, [
      { kind: "registration.confirmed", sessionId, at: now, registrations: newRegistration(id, "confirmed") },
      { kind: "registration.waitlisted", sessionId, at: now, registrations: newRegistration(id, "waitlisted") },
    ]);
    const writes = [
      insertRegistrationStatement(db, {
        id,
        code,
        sessionId,
        placeId,
        name: input.name,
        phone: input.phone,
        email: input.email ?? null,
        question: input.question ?? null,
        villageId: input.villageId ?? null,
        now,
      }),
      auditStatement(db, { actorId: null, action: "registration.create", targetType: "session_registration", targetId: id, detail: { sessionId } }, APPLIED),
      ...told.statements,
    ];
    const batch = [...writes, registrationByIdStatement(db, id), livePhoneStatement(db, sessionId, input.phone), sessionStatement(db, sessionId)];
    const results = await db.batch(batch);
    const created = results[writes.length].results[0] as RegistrationRow | undefined;
    told.committed(batch, results);
    if (created) return { registrationCode: created.code, status: created.status, ...(created.position !== null ? { position: created.position } : {}) };
    if (results[writes.length + 1].results.length) {
      throw new Problem(409, "registration.duplicate", { errors: [fieldError("phone", "registration.duplicate")] });
    }
    const current = results[writes.length + 2].results[0] as SessionRow | undefined;
    if (!current || !registrationOpen(current.status, current.starts_at, now)) throw conflict("registration.closed");
  }
  throw new Error("registration insert kept failing without a reason");
}

/** The resident's view by code (the code is the capability), with the messages sent to them (addresses masked). */
export async function readRegistration(db: D1Database, code: string) {
  const [registrations, sessions, sent] = await db.batch<Record<string, unknown>>([
    registrationByCodeStatement(db, code),
    registrationSessionStatement(db, code),
    residentNotificationsStatement(db, code),
  ]);
  const row = registrations.results[0] as RegistrationRow | undefined;
  const session = sessions.results[0] as RegistrationSessionRow | undefined;
  if (!row || !session) throw notFound("registration.not_found");
  return toRegistrationView(row, session, (sent.results as Parameters<typeof toResidentNotification>[0][]).map(toResidentNotification));
}

/**
 * Cancels a registration while its session still takes them; a seat it held goes to the first in line in
 * the same batch. Cancelling twice answers the cancelled registration again.
 */
export async function cancelRegistration(db: D1Database, code: string, options: RegistrationOptions = {}) {
  const now = options.now ?? new Date().toISOString();
  const [registrations] = await db.batch<Record<string, unknown>>([registrationByCodeStatement(db, code)]);
  const row = registrations.results[0] as RegistrationRow | undefined;
  if (!row) throw notFound("registration.not_found");
  const told = new Told(db, options.events, [
    { kind: "registration.promoted", sessionId: row.session_id, at: now, registrations: promotedBy(row.session_id, now) },
  ]);
  const writes = [
    cancelRegistrationStatement(db, code, now),
    auditStatement(
      db,
      { actorId: null, action: "registration.cancel", targetType: "session_registration", targetId: row.id, detail: { sessionId: row.session_id } },
      APPLIED,
    ),
    promoteWaitingStatement(db, row.session_id, now),
    ...told.statements,
  ];
  const batch = [...writes, registrationByCodeStatement(db, code), registrationSessionStatement(db, code)];
  const results = await db.batch(batch);
  told.committed(batch, results);
  const current = results[writes.length].results[0] as RegistrationRow;
  const session = results[writes.length + 1].results[0] as RegistrationSessionRow;
  if (results[0].meta.changes !== 1 && current.status !== "cancelled") throw conflict("registration.closed");
  return toRegistrationView(current, session);
}

/** A session's registrations for its officials (head and staff of the unit, supervisors of the province), in arrival order. */
export async function listRegistrations(
  db: D1Database,
  user: SessionUser,
  sessionId: string,
  page: { limit: number; afterQueueNo: number | null; requestId: string },
) {
  const { limit, afterQueueNo } = page;
  const [sessions, registrations] = await db.batch<Record<string, unknown>>([
    sessionStatement(db, sessionId),
    registrationsStatement(db, sessionId, limit, afterQueueNo),
    registrationsViewStatement(db, user, sessionId, page.requestId),
  ]);
  const session = sessions.results[0] as SessionRow | undefined;
  if (!session || sessionAccess(user, session) !== "official") throw notFound("session.not_found");
  const rows = registrations.results as RegistrationRow[];
  return { session, rows, items: rows.slice(0, limit).map((row) => toOfficialRegistration(row, session.venue_name)), hasMore: rows.length > limit };
}

/**
 * The audit entry of a view of registrants' personal data, to ride in the read's own batch (one round trip):
 * written only when the viewer is an official of the session's unit or a supervisor of its province.
 */
export function registrationsViewStatement(db: D1Database, user: SessionUser, sessionId: string, requestId: string): D1PreparedStatement {
  const reach = user.role === "supervisor" ? { column: "province_code", value: user.provinceCode } : { column: "unit_code", value: user.unitCode };
  return auditStatement(
    db,
    { actorId: user.id, action: "session.view_registrations", targetType: "dialogue_session", targetId: sessionId, detail: { requestId } },
    { onlyIf: { sql: `EXISTS (SELECT 1 FROM dialogue_sessions WHERE id = ? AND ${reach.column} = ?)`, params: [sessionId, reach.value ?? ""] } },
  );
}
