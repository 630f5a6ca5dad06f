/**
 * Dialogue sessions as pure rules: the lifecycle (who may do what from which state), the clash rule, the
 * notice arithmetic and seats with a waiting line. No I/O: the store mirrors the clash and seat rules in
 * single SQL statements so that races cannot break them, and tests hold the two to the same cases.
 */
import type { Role } from "../auth/roles";
import { addCalendarDays, type Calendar } from "../holidays/rules";
import { localDay } from "../lib/dates";
import { conflict, fieldError, forbidden, invalid, type MessageCode, Problem } from "../lib/problem";
import { foldDiacritics } from "../lib/text";
import type { NotificationKind } from "../notifications/schema";
import { endsAfterStart, MAX_SESSION_HOURS, type SessionAction, type SessionActionInput, type SessionStatus, withinADay } from "./schema";

const HEAD: readonly Role[] = ["commune_head"];
const DAY_MS = 24 * 60 * 60 * 1000;
/** The longest a session may last; the clash query's index range relies on it. */
export const MAX_SESSION_DURATION_MS = MAX_SESSION_HOURS * 60 * 60 * 1000;

type ActionRule = { from: readonly SessionStatus[]; to?: SessionStatus; roles: readonly Role[] };

/** Who may take each action, from which states, into which state (no `to`: the state stays). API.md, Dialogue sessions. */
export const SESSION_ACTION_RULES: Record<SessionAction, ActionRule> = {
  publish: { from: ["draft"], to: "published", roles: HEAD },
  reschedule: { from: ["draft", "published"], roles: HEAD },
  cancel: { from: ["draft", "published"], to: "cancelled", roles: HEAD },
  mark_held: { from: ["published"], to: "held", roles: HEAD },
  publish_results: { from: ["held"], to: "results_published", roles: HEAD },
};

/** States in which a session may still be edited (PATCH). */
export const EDITABLE_STATUSES: readonly SessionStatus[] = ["draft", "published"];

/** The facts about a session the rules look at. Instants are UTC ISO strings with milliseconds. */
export type SessionFacts = {
  status: SessionStatus;
  startsAt: string;
  endsAt: string;
  shortNoticeReason: string | null;
};

/** The last moment a session may be announced with full notice: `startsAt − noticeDays × 24 h`. */
export function noticeDeadline(startsAt: string, noticeDays: number): string {
  return new Date(Date.parse(startsAt) - noticeDays * DAY_MS).toISOString();
}

/** Announcing at `now` is short notice when it is later than the notice deadline (the deadline itself is in time). */
export function isShortNotice(now: string, startsAt: string, noticeDays: number): boolean {
  return now > noticeDeadline(startsAt, noticeDays);
}

/**
 * Results are due within `resultsDays` days after the session (DOMAIN.md, Counting days): the period starts the
 * day after the session's local day, and a last day that is a weekend or a holiday moves to the next working day.
 */
export function resultsDue(startsAt: string, resultsDays: number, holidays: Calendar): string {
  return addCalendarDays(localDay(new Date(startsAt)), resultsDays, holidays);
}

/** Results are late once their due day is over without them, or when they came out after it. */
export function resultsLate(due: string, publishedAt: string | null, now: string): boolean {
  return (publishedAt ? localDay(new Date(publishedAt)) : localDay(new Date(now))) > due;
}

/** How far ahead of a session's day the holidays must be read to count its results' due day. */
export const RESULTS_HOLIDAY_WINDOW_DAYS = 150;

/** Why an action cannot be taken now, beyond role and state. */
function conditionError(action: SessionAction, session: SessionFacts, now: string): MessageCode | null {
  if (action === "publish" && now >= session.startsAt) return "session.already_started";
  if (action === "mark_held" && now < session.startsAt) return "session.not_started";
  return null;
}

/** The actions a role may take on the session now: the buttons to show, and a 409's `allowedActions`. */
export function allowedSessionActions(session: SessionFacts, role: Role, now: string): SessionAction[] {
  return (Object.keys(SESSION_ACTION_RULES) as SessionAction[]).filter((action) => {
    const rule = SESSION_ACTION_RULES[action];
    return rule.roles.includes(role) && rule.from.includes(session.status) && conditionError(action, session, now) === null;
  });
}

/** Things registrants and village heads are told about: the outbox's kinds of message (notifications/schema.ts). */
export type SessionEventKind = Extract<
  NotificationKind,
  | "session.rescheduled"
  | "session.cancelled"
  | "session.changed"
  | "session.reminder"
  | "session.results"
  | "registration.confirmed"
  | "registration.waitlisted"
  | "registration.promoted"
>;

/** Column changes an action makes (undefined: unchanged). `bumpSequence`: calendars must replace their copy. */
export type SessionChanges = Partial<{
  status: SessionStatus;
  startsAt: string;
  endsAt: string;
  listed: boolean;
  shortNotice: boolean;
  shortNoticeReason: string;
  publishedAt: string;
  heldAt: string;
  cancelledAt: string;
  cancelReason: string;
  resultsSummary: string;
  resultsPublishedAt: string;
}>;

export type SessionPlan = {
  changes: SessionChanges;
  bumpSequence: boolean;
  /** New times to clash-check in the guarded write. */
  newTimes: { startsAt: string; endsAt: string } | null;
  event: SessionEventKind | null;
  audit: Record<string, unknown>;
};

function refuse(code: MessageCode, session: SessionFacts, role: Role, now: string, params?: Record<string, string | number>) {
  return conflict(code, { allowedActions: allowedSessionActions(session, role, now), sessionStatus: session.status }, params);
}

/**
 * The notice check of API.md: announcing at `now` needs `now ≤ startsAt − noticeDays × 24 h`, otherwise a
 * recorded reason (already on the session, or given now); without one → 409 `session.short_notice`.
 */
function noticeCheck(session: SessionFacts, startsAt: string, given: string | undefined, context: PlanContext) {
  const short = isShortNotice(context.now, startsAt, context.noticeDays);
  const reason = given ?? session.shortNoticeReason;
  if (short && !reason) {
    throw refuse("session.short_notice", session, context.role, context.now, {
      deadline: noticeDeadline(startsAt, context.noticeDays),
      days: context.noticeDays,
    });
  }
  return { shortNotice: short, ...(given ? { shortNoticeReason: given } : {}) };
}

export type PlanContext = { role: Role; now: string; noticeDays: number };

/** Checks an action against the state machine, the clock and the notice rule; returns what changes. Throws Problems. */
export function planSessionAction(session: SessionFacts, input: SessionActionInput, context: PlanContext): SessionPlan {
  const rule = SESSION_ACTION_RULES[input.action];
  const { now, role } = context;
  if (!rule.roles.includes(role)) throw forbidden("session.role_may_not");
  if (!rule.from.includes(session.status)) throw refuse("session.action_not_allowed", session, role, now);
  const condition = conditionError(input.action, session, now);
  if (condition) throw refuse(condition, session, role, now);
  const plan = (changes: SessionChanges, event: SessionEventKind | null, audit: Record<string, unknown> = {}, bumpSequence = false): SessionPlan => ({
    changes: rule.to ? { status: rule.to, ...changes } : changes,
    bumpSequence,
    newTimes: null,
    event,
    audit: { action: input.action, from: session.status, to: rule.to ?? session.status, ...audit },
  });
  switch (input.action) {
    case "publish":
      // Announcing is not a message: nobody has registered yet, and the notice board and loudspeaker carry it.
      return plan({ listed: true, publishedAt: now, ...noticeCheck(session, session.startsAt, input.shortNoticeReason, context) }, null);
    case "reschedule": {
      if (!endsAfterStart(input)) throw invalid([fieldError("endsAt", "session.ends_before_start")]);
      if (!withinADay(input)) throw invalid([fieldError("endsAt", "session.too_long")]);
      if (input.startsAt <= now) throw invalid([fieldError("startsAt", "session.starts_in_past")]);
      const notice = session.status === "published" ? noticeCheck(session, input.startsAt, input.shortNoticeReason, context) : {};
      const changes = {
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        ...notice,
        ...(input.shortNoticeReason ? { shortNoticeReason: input.shortNoticeReason } : {}),
      };
      const audit = { reason: input.reason, previous: { startsAt: session.startsAt, endsAt: session.endsAt }, startsAt: input.startsAt, endsAt: input.endsAt };
      return { ...plan(changes, "session.rescheduled", audit, true), newTimes: { startsAt: input.startsAt, endsAt: input.endsAt } };
    }
    case "cancel":
      return plan({ cancelledAt: now, cancelReason: input.reason }, "session.cancelled", { reason: input.reason }, true);
    case "mark_held":
      return plan({ heldAt: now }, null);
    case "publish_results":
      return plan({ resultsSummary: input.summary, resultsPublishedAt: now }, "session.results");
  }
}

/** A booked session as the clash rule sees it. */
export type Booking = { id: string; unitCode: string; startsAt: string; endsAt: string; venueName: string; chairAccountId: string; status: SessionStatus };

/** Half-open intervals: one ending when the other starts does not overlap it. */
export function overlaps(a: { startsAt: string; endsAt: string }, b: { startsAt: string; endsAt: string }): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

/** The venue as the clash rule compares it: without diacritics or case ("Hội trường UBND" = "hoi truong ubnd"). */
export const foldVenue = (name: string) => foldDiacritics(name);

/**
 * API.md's clash rule: within the unit, a non-cancelled session overlapping in time with the same venue
 * (names folded) or the same chair.
 */
export function clashes(candidate: Omit<Booking, "status">, existing: Booking): boolean {
  return (
    existing.id !== candidate.id &&
    existing.unitCode === candidate.unitCode &&
    existing.status !== "cancelled" &&
    overlaps(candidate, existing) &&
    (foldVenue(existing.venueName) === foldVenue(candidate.venueName) || existing.chairAccountId === candidate.chairAccountId)
  );
}

/** A booking whose end has passed records a session held before (API.md); one under way cannot be booked. */
export function bookingKind(startsAt: string, endsAt: string, now: string): "upcoming" | "recorded" | "under_way" {
  if (endsAt <= now) return "recorded";
  return startsAt <= now ? "under_way" : "upcoming";
}

/** Residents register while the session is published and has not started. */
export const registrationOpen = (status: SessionStatus, startsAt: string, now: string) => status === "published" && now < startsAt;

/** Seats at one place (the main venue or a bridge point). */
export type PlaceSeats = { capacity: number; confirmed: number; waitlisted: number };

export const seatsLeft = (place: PlaceSeats) => Math.max(0, place.capacity - place.confirmed);

/** A new registration gets a seat only if one is free and nobody is waiting for it already. */
export function statusOnArrival(place: PlaceSeats): "confirmed" | "waitlisted" {
  return place.confirmed < place.capacity && place.waitlisted === 0 ? "confirmed" : "waitlisted";
}

/** How many of the waiting get a seat once seats free up (a cancellation, more capacity): the first in line. */
export function promotionsAfter(place: PlaceSeats): number {
  return Math.min(place.waitlisted, seatsLeft(place));
}

/** Capacity may go down, never below the seats already confirmed. */
export function capacityError(capacity: number, confirmed: number): MessageCode | null {
  return capacity < confirmed ? "session.capacity_below_confirmed" : null;
}

/** A waiting registrant's place in line at their place: 1 is next. */
export function waitingPosition(queue: readonly number[], queueNo: number): number {
  return queue.filter((other) => other <= queueNo).length;
}

/** A place of a session with its seats taken, as an edit sees it. */
export type PlaceState = PlaceSeats & { id: string; isBridge: boolean; name: string | null; address: string | null; position: number };

export type PlaceWrite = { id: string; isBridge: boolean; name: string | null; address: string | null; capacity: number; position: number };

/** What a PATCH changes: session columns, the places to write and to take off, the audience; checked against seats taken. */
export type EditPlan = {
  columns: Record<string, string | null>;
  venueChanged: boolean;
  places: { write: PlaceWrite[]; remove: string[] } | null;
  villageIds: string[] | null;
  event: SessionEventKind | null;
};

type EditInput = {
  title?: string;
  agenda?: string | null;
  venue?: { name: string; address?: string };
  mode?: string;
  onlineUrl?: string | null;
  capacity?: number;
  bridgePoints?: { id?: string; name: string; address?: string; capacity: number }[];
  villageIds?: string[];
  coChair?: { name: string; title: string } | null;
  coOrganiser?: string | null;
  shortNoticeReason?: string | null;
};

/**
 * Plans a PATCH (API.md): only while draft or published; no place below its confirmed seats; a bridge point
 * that people still hold a registration for stays. `newId` names new bridge points.
 */
export function planSessionEdit(
  session: { id: string; status: SessionStatus; venueName: string },
  places: readonly PlaceState[],
  patch: EditInput,
  newId: () => string,
): EditPlan {
  if (!EDITABLE_STATUSES.includes(session.status)) throw conflict("session.not_editable", { sessionStatus: session.status });
  const columns: Record<string, string | null> = {};
  const set = (column: string, value: string | null | undefined) => {
    if (value !== undefined) columns[column] = value;
  };
  set("title", patch.title);
  set("agenda", patch.agenda);
  set("mode", patch.mode);
  set("online_url", patch.onlineUrl);
  set("co_organiser", patch.coOrganiser);
  set("short_notice_reason", patch.shortNoticeReason);
  if (patch.coChair !== undefined) Object.assign(columns, { co_chair_name: patch.coChair?.name ?? null, co_chair_title: patch.coChair?.title ?? null });
  if (patch.venue)
    Object.assign(columns, { venue_name: patch.venue.name, venue_address: patch.venue.address ?? null, venue_folded: foldVenue(patch.venue.name) });
  const venueChanged = patch.venue !== undefined && foldVenue(patch.venue.name) !== foldVenue(session.venueName);

  const errors: { path: string; code: MessageCode; params?: Record<string, string | number> }[] = [];
  const main = places.find((place) => !place.isBridge);
  let placesPlan: EditPlan["places"] = null;
  if (patch.capacity !== undefined || patch.bridgePoints !== undefined) {
    const write: PlaceWrite[] = [];
    if (main) {
      const capacity = patch.capacity ?? main.capacity;
      if (capacityError(capacity, main.confirmed))
        errors.push({ path: "capacity", code: "session.capacity_below_confirmed", params: { confirmed: main.confirmed } });
      write.push({ ...main, capacity });
    }
    const bridges = places.filter((place) => place.isBridge);
    let remove: string[] = [];
    if (patch.bridgePoints) {
      const kept = new Set<string>();
      patch.bridgePoints.forEach((point, index) => {
        const existing = point.id ? bridges.find((place) => place.id === point.id) : undefined;
        if (point.id && !existing) {
          errors.push({ path: `bridgePoints.${index}.id`, code: "session.bridge_point_invalid" });
          return;
        }
        if (existing) {
          kept.add(existing.id);
          if (capacityError(point.capacity, existing.confirmed))
            errors.push({ path: `bridgePoints.${index}.capacity`, code: "session.capacity_below_confirmed", params: { confirmed: existing.confirmed } });
        }
        write.push({
          id: existing?.id ?? newId(),
          isBridge: true,
          name: point.name,
          address: point.address ?? null,
          capacity: point.capacity,
          position: index + 1,
        });
      });
      const dropped = bridges.filter((place) => !kept.has(place.id));
      for (const place of dropped) {
        if (place.confirmed + place.waitlisted > 0)
          errors.push({ path: "bridgePoints", code: "session.bridge_point_in_use", params: { name: place.name ?? "" } });
      }
      remove = dropped.map((place) => place.id);
    } else {
      write.push(...bridges);
    }
    placesPlan = { write, remove };
  }
  if (errors.length) {
    const invalidId = errors.some((error) => error.code === "session.bridge_point_invalid");
    throw new Problem(invalidId ? 400 : 409, invalidId ? "invalid" : (errors[0].code as MessageCode), { errors, params: errors[0].params });
  }
  const changed = Object.keys(columns).length > 0 || placesPlan !== null || patch.villageIds !== undefined;
  return {
    columns,
    venueChanged,
    places: placesPlan,
    villageIds: patch.villageIds ?? null,
    event: changed && session.status === "published" ? "session.changed" : null,
  };
}

/**
 * How much of a session a user sees: the unit's officials and the province's supervisors everything; anyone
 * else the public view, and only of a session that was announced (or recorded). null: 404.
 */
export function sessionAccess(
  user: { role: Role; unitCode: string | null; provinceCode: string | null } | undefined,
  session: { unit_code: string; province_code: string; listed: number },
): "official" | "public" | null {
  if (user) {
    const unitOfficial = (user.role === "commune_head" || user.role === "commune_staff") && user.unitCode === session.unit_code;
    const supervisor = user.role === "supervisor" && user.provinceCode === session.province_code;
    if (unitOfficial || supervisor) return "official";
  }
  return session.listed === 1 ? "public" : null;
}

/** Who keeps the docket and sees registrations' details in the unit: its head and staff (supervisors only read). */
export const keepsDocket = (user: { role: Role; unitCode: string | null }, unitCode: string) =>
  (user.role === "commune_head" || user.role === "commune_staff") && user.unitCode === unitCode;
