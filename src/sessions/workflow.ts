/**
 * Dialogue session use cases for the API and the pages. Reads are one round trip; writes two — load the
 * context, then one batch: the guarded write, its audit entry and events (which only land when it did),
 * the explanation of a lost race and the session read back.
 */
import { type UnitOfficialRow, unitOfficialsStatement } from "../accounts/store";
import { auditStatement } from "../audit/store";
import type { SessionUser } from "../auth/sessions";
import { addDays } from "../holidays/rules";
import { formatInstant, localDay } from "../lib/dates";
import { conflict, fieldError, forbidden, invalid, notFound } from "../lib/problem";
import { type PolicyRow, policyStatement, toPolicy } from "../policies/store";
import { type UnitRow, unitStatement } from "../units/store";
import { type VillageRow, villagesStatement } from "../villages/store";
import { icsCalendar } from "./calendar";
import { audienceVillages, type EventStatements, liveRegistrants, promotedBy, type SessionEvent, sessionWritten, Told } from "./events";
import { promoteWaitingStatement } from "./registration-store";
import { bookingKind, type PlaceState, planSessionAction, planSessionEdit, type SessionPlan, sessionAccess } from "./rules";
import type { CreateSessionInput, SessionActionInput, SessionListQuery, SessionView, UpdateSessionInput } from "./schema";
import {
  applyActionStatement,
  type ClashCandidate,
  type ClashRow,
  clashStatement,
  editStatements,
  insertSessionStatements,
  readSessionParts,
  SESSION_PARTS,
  type SessionListFilter,
  type SessionListRow,
  type SessionParts,
  sessionListStatement,
  sessionPartsStatements,
  toConflict,
  wasWritten,
  writtenStatement,
} from "./store";
import { factsOf, toCalendarEvent, toSessionView } from "./views";

export type WriteOptions = { now?: string; events?: EventStatements };

const COMMUNE_LEVELS = new Set(["commune", "ward", "special_zone"]);
const nowOf = (options: WriteOptions) => options.now ?? new Date().toISOString();

/** A 409 naming the session a booking clashes with (API.md: `conflict: { id, title, startsAt, endsAt }`). */
export function clashProblem(row: ClashRow) {
  return conflict(
    "session.clash",
    { conflict: toConflict(row) },
    { title: row.title, when: `${formatInstant(row.starts_at)}–${formatInstant(row.ends_at).slice(11)}` },
  );
}

/**
 * Loads a session and what the caller may see of it, with `extra` statements in the same round trip.
 * 404 when it does not exist, or is a draft outside the caller's unit.
 */
export async function loadSession(db: D1Database, user: SessionUser | undefined, id: string, extra: D1PreparedStatement[] = []) {
  const results = await db.batch([...sessionPartsStatements(db, id), ...extra]);
  const parts = readSessionParts(results);
  const access = parts ? sessionAccess(user, parts.row) : null;
  if (!parts || !access) throw notFound("session.not_found");
  return { parts, official: access === "official", extra: results.slice(SESSION_PARTS) };
}

/** The session as the caller may see it (officials of the unit: with version and allowed actions). */
export async function readSession(db: D1Database, user: SessionUser | undefined, id: string, now = new Date().toISOString()): Promise<SessionView> {
  const { parts, official } = await loadSession(db, user, id);
  return toSessionView(parts, now, official && user ? { role: user.role } : undefined);
}

/** Loads a session for a change by its commune head: others of the unit get 403, anyone outside it 404. */
async function loadForHead(db: D1Database, user: SessionUser, id: string, extra: D1PreparedStatement[] = []) {
  const loaded = await loadSession(db, user, id, extra);
  if (!loaded.official) throw notFound("session.not_found");
  if (user.role !== "commune_head") throw forbidden("session.role_may_not");
  return loaded;
}

function staleProblem(parts: SessionParts | null) {
  return conflict("session.stale", parts ? { sessionStatus: parts.row.status, version: parts.row.version } : {});
}

/**
 * Books a session for the head's commune: draft, or — when its end has passed — a session held before,
 * recorded afterwards. The clash check is inside the INSERT, so of racing bookings exactly one wins.
 */
export async function bookSession(db: D1Database, user: SessionUser, input: CreateSessionInput, options: WriteOptions = {}): Promise<SessionView> {
  if (user.role !== "commune_head") throw forbidden("session.role_may_not");
  if (user.unitCode !== input.unitCode) throw notFound("session.unit_not_found");
  const now = nowOf(options);
  const kind = bookingKind(input.startsAt, input.endsAt, now);
  if (kind === "under_way") throw invalid([fieldError("startsAt", "session.under_way")]);
  const [units, officials, villages] = await db.batch<Record<string, unknown>>([
    unitStatement(db, input.unitCode),
    unitOfficialsStatement(db, input.unitCode),
    villagesStatement(db, input.unitCode),
  ]);
  const unit = units.results[0] as UnitRow | undefined;
  if (!unit || !COMMUNE_LEVELS.has(unit.level)) throw notFound("session.unit_not_found");
  const chairAccountId = input.chairAccountId ?? user.id;
  const errors = [];
  if (!(officials.results as UnitOfficialRow[]).some((official) => official.id === chairAccountId))
    errors.push(fieldError("chairAccountId", "session.chair_invalid"));
  const known = new Set((villages.results as VillageRow[]).map((village) => village.id));
  input.villageIds.forEach((villageId, index) => {
    if (!known.has(villageId)) errors.push(fieldError(`villageIds.${index}`, "session.village_invalid"));
  });
  if (errors.length) throw invalid(errors);

  const id = crypto.randomUUID();
  const token = crypto.randomUUID();
  const status = kind === "recorded" ? "held" : "draft";
  const candidate: ClashCandidate = { ...input, venueName: input.venue.name, chairAccountId, excludeId: id };
  const writes = [
    ...insertSessionStatements(db, {
      id,
      token,
      input,
      provinceCode: unit.province_code,
      chairAccountId,
      status,
      recordedAfterwards: kind === "recorded",
      createdBy: user.id,
      now,
    }),
    auditStatement(
      db,
      { actorId: user.id, action: "session.book", targetType: "dialogue_session", targetId: id, detail: { status, title: input.title } },
      { onlyIf: sessionWritten(id, token) },
    ),
  ];
  const results = await db.batch([...writes, clashStatement(db, candidate), ...sessionPartsStatements(db, id)]);
  if (results[0].meta.changes !== 1) {
    const clash = results[writes.length].results[0] as ClashRow | undefined;
    if (clash) throw clashProblem(clash);
    throw new Error("session insert wrote nothing without a clash");
  }
  const parts = readSessionParts(results.slice(writes.length + 1));
  if (!parts) throw new Error("booked session could not be read back");
  return toSessionView(parts, now, { role: user.role });
}

/** The first session a booking would clash with, or null: the booking form's "check" before saving. */
export async function findClash(
  db: D1Database,
  user: SessionUser,
  candidate: Omit<ClashCandidate, "excludeId" | "chairAccountId"> & { chairAccountId?: string },
) {
  const row = await clashStatement(db, { ...candidate, chairAccountId: candidate.chairAccountId ?? user.id, excludeId: "" }).first<ClashRow>();
  return row ? toConflict(row) : null;
}

function eventsOf(plan: SessionPlan, input: SessionActionInput, id: string, token: string, now: string): SessionEvent[] {
  if (!plan.event) return [];
  const event: SessionEvent = { kind: plan.event, sessionId: id, at: now, registrations: liveRegistrants(id, token) };
  if ("reason" in input) event.reason = input.reason;
  if (plan.event === "session.results") event.villages = audienceVillages(id, token);
  return [event];
}

/** Takes a lifecycle action (API.md): state, clock, notice and — for new times — clashes checked; one of racing actions wins. */
export async function actOnSession(db: D1Database, user: SessionUser, id: string, input: SessionActionInput, options: WriteOptions = {}): Promise<SessionView> {
  const now = nowOf(options);
  // A new start may fall under another policy row: the notice is judged by the policy in force on that day.
  const newDayPolicy =
    input.action === "reschedule"
      ? [policyStatement(db, { subquery: "SELECT province_code FROM dialogue_sessions WHERE id = ?", params: [id] }, localDay(new Date(input.startsAt)))]
      : [];
  const { parts, extra } = await loadForHead(db, user, id, newDayPolicy);
  const { row } = parts;
  if (input.version !== undefined && input.version !== row.version) throw staleProblem(parts);
  const noticeDays = extra[0] ? toPolicy(extra[0].results as PolicyRow[]).noticeDays : parts.policy.noticeDays;
  const plan = planSessionAction(factsOf(row), input, { role: user.role, now, noticeDays });
  // A retried reschedule to the times the session already has changes nothing (and tells nobody twice).
  if (input.action === "reschedule" && input.startsAt === row.starts_at && input.endsAt === row.ends_at) return toSessionView(parts, now, { role: user.role });
  const token = crypto.randomUUID();
  const told = new Told(db, options.events, eventsOf(plan, input, id, token, now));
  const writes = [
    applyActionStatement(db, row, plan, token, now),
    auditStatement(
      db,
      { actorId: user.id, action: `session.${input.action}`, targetType: "dialogue_session", targetId: id, detail: plan.audit },
      { onlyIf: sessionWritten(id, token) },
    ),
    ...told.statements,
    writtenStatement(db, id, token),
  ];
  const clash = plan.newTimes
    ? [clashStatement(db, { unitCode: row.unit_code, ...plan.newTimes, venueName: row.venue_name, chairAccountId: row.chair_account_id, excludeId: id })]
    : [];
  const batch = [...writes, ...clash, ...sessionPartsStatements(db, id)];
  const results = await db.batch(batch);
  const current = readSessionParts(results.slice(writes.length + clash.length));
  if (!wasWritten(results[writes.length - 1])) {
    const clashRow = clash.length ? (results[writes.length].results[0] as ClashRow | undefined) : undefined;
    if (clashRow && current?.row.version === row.version) throw clashProblem(clashRow);
    throw staleProblem(current);
  }
  told.committed(batch, results);
  if (!current) throw notFound("session.not_found");
  return toSessionView(current, now, { role: user.role });
}

const toPlaceState = (parts: SessionParts): PlaceState[] =>
  parts.places.map((place) => ({
    id: place.id,
    isBridge: place.is_bridge === 1,
    name: place.name,
    address: place.address,
    position: place.position,
    capacity: place.capacity,
    confirmed: place.confirmed,
    waitlisted: place.waitlisted,
  }));

/** Edits a draft or published session (API.md PATCH): never below confirmed seats; a new venue is clash-checked; more seats promote the waiting. */
export async function editSession(db: D1Database, user: SessionUser, id: string, patch: UpdateSessionInput, options: WriteOptions = {}): Promise<SessionView> {
  const now = nowOf(options);
  const { parts } = await loadForHead(db, user, id);
  const { row } = parts;
  if (patch.version !== row.version) throw staleProblem(parts);
  const { version: _version, ...changes } = patch;
  const plan = planSessionEdit({ id, status: row.status, venueName: row.venue_name }, toPlaceState(parts), changes, () => crypto.randomUUID());
  const token = crypto.randomUUID();
  const venueName = patch.venue?.name ?? row.venue_name;
  const events: SessionEvent[] = [];
  if (plan.event) events.push({ kind: plan.event, sessionId: id, at: now, registrations: liveRegistrants(id, token) });
  if (plan.places) events.push({ kind: "registration.promoted", sessionId: id, at: now, registrations: promotedBy(id, now) });
  const told = new Told(db, options.events, events);
  const writes = [
    ...editStatements(db, row, { ...plan, venueName }, token, now),
    ...(plan.places ? [promoteWaitingStatement(db, id, now)] : []),
    auditStatement(
      db,
      { actorId: user.id, action: "session.edit", targetType: "dialogue_session", targetId: id, detail: changes },
      { onlyIf: sessionWritten(id, token) },
    ),
    ...told.statements,
    writtenStatement(db, id, token),
  ];
  const clash = plan.venueChanged
    ? [
        clashStatement(db, {
          unitCode: row.unit_code,
          startsAt: row.starts_at,
          endsAt: row.ends_at,
          venueName,
          chairAccountId: row.chair_account_id,
          excludeId: id,
        }),
      ]
    : [];
  const batch = [...writes, ...clash, ...sessionPartsStatements(db, id)];
  const results = await db.batch(batch);
  const current = readSessionParts(results.slice(writes.length + clash.length));
  if (!wasWritten(results[writes.length - 1])) {
    const clashRow = clash.length ? (results[writes.length].results[0] as ClashRow | undefined) : undefined;
    if (clashRow) throw clashProblem(clashRow);
    // Seats were taken between loading and writing: the fresh counts give the precise refusal.
    if (current && current.row.version === row.version)
      planSessionEdit({ id, status: current.row.status, venueName: row.venue_name }, toPlaceState(current), changes, () => "");
    throw staleProblem(current);
  }
  told.committed(batch, results);
  if (!current) throw notFound("session.not_found");
  return toSessionView(current, now, { role: user.role });
}

/** Sessions by start: everyone sees announced ones; the unit's officials (the province's supervisors) also its drafts. */
export async function listSessions(db: D1Database, user: SessionUser | undefined, query: SessionListQuery, after: [string, string] | null) {
  const scope = query.unit ? { unitCode: query.unit } : query.province ? { provinceCode: query.province } : {};
  let viewer: SessionListFilter["viewer"] = null;
  if (user?.role === "supervisor" && user.provinceCode) viewer = { provinceCode: user.provinceCode };
  if ((user?.role === "commune_head" || user?.role === "commune_staff") && user.unitCode) viewer = { unitCode: user.unitCode };
  const { results } = await sessionListStatement(db, scope, { ...query, viewer }, query.limit, after).all<SessionListRow>();
  return results;
}
/** One session's .ics (anyone for an announced session; the unit's officials for a draft too). */
export async function sessionCalendar(db: D1Database, user: SessionUser | undefined, id: string, origin: string) {
  const { parts } = await loadSession(db, user, id);
  return { startsAt: parts.row.starts_at, ics: icsCalendar(parts.row.title, [toCalendarEvent(parts.row, origin)]) };
}

/** A commune's feed: its announced sessions from 90 days back (cancelled ones stay, so calendars drop them). */
export async function unitCalendar(db: D1Database, unitCode: string, origin: string): Promise<string> {
  const from = addDays(localDay(), -90);
  const [units, sessions] = await db.batch<Record<string, unknown>>([
    unitStatement(db, unitCode),
    sessionListStatement(db, { unitCode }, { from, viewer: null }, 500, null),
  ]);
  const unit = units.results[0] as UnitRow | undefined;
  if (!unit || !COMMUNE_LEVELS.has(unit.level)) throw notFound("session.unit_not_found");
  return icsCalendar(
    unit.name,
    (sessions.results as SessionListRow[]).slice(0, 500).map((row) => toCalendarEvent(row, origin)),
  );
}
