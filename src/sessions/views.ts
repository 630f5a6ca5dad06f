/** Sessions and registrations as the API and the pages show them, mapped from the store's rows in one place. */
import type { Role } from "../auth/roles";
import type { CalendarEvent } from "./calendar";
import type { RegistrationRow } from "./registration-store";
import { allowedSessionActions, noticeDeadline, registrationOpen, resultsDue, resultsLate } from "./rules";
import type { SessionListItem, SessionView } from "./schema";
import type { SessionListRow, SessionParts, SessionRow } from "./store";

export const factsOf = (row: SessionRow) => ({ status: row.status, startsAt: row.starts_at, endsAt: row.ends_at, shortNoticeReason: row.short_notice_reason });

/**
 * A session for everyone (no personal data); `official` adds what only the unit's officials see: the
 * version to edit with, the short-notice reason, and the actions `role` may take now.
 */
export function toSessionView(parts: SessionParts, now: string, official?: { role: Role }): SessionView {
  const { row, places, audience, policy, holidays } = parts;
  const due = resultsDue(row.starts_at, policy.resultsDays, holidays);
  const main = places.find((place) => !place.is_bridge);
  return {
    id: row.id,
    unit: { code: row.unit_code, name: row.unit_name },
    title: row.title,
    agenda: row.agenda,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    venue: { name: row.venue_name, address: row.venue_address },
    chair: { id: row.chair_account_id, name: row.chair_name ?? "" },
    mode: row.mode,
    onlineUrl: row.online_url,
    capacity: main?.capacity ?? 0,
    confirmed: main?.confirmed ?? 0,
    waitlisted: main?.waitlisted ?? 0,
    bridgePoints: places
      .filter((place) => place.is_bridge)
      .map((place) => ({
        id: place.id,
        name: place.name ?? "",
        address: place.address,
        capacity: place.capacity,
        confirmed: place.confirmed,
        waitlisted: place.waitlisted,
      })),
    villages: audience,
    villageIds: audience.map((village) => village.id),
    coChair: row.co_chair_name ? { name: row.co_chair_name, title: row.co_chair_title ?? "" } : null,
    coOrganiser: row.co_organiser,
    status: row.status,
    sequence: row.sequence,
    noticeDeadline: noticeDeadline(row.starts_at, policy.noticeDays),
    shortNotice: row.short_notice === 1,
    recordedAfterwards: row.recorded_afterwards === 1,
    registrationOpen: registrationOpen(row.status, row.starts_at, now),
    publishedAt: row.published_at,
    cancelReason: row.cancel_reason,
    resultsDue: due,
    resultsLate: row.status !== "cancelled" && !row.recorded_afterwards && row.starts_at < now && resultsLate(due, row.results_published_at, now),
    resultsSummary: row.results_summary,
    resultsPublishedAt: row.results_published_at,
    ...(official
      ? { version: row.version, shortNoticeReason: row.short_notice_reason, allowedActions: allowedSessionActions(factsOf(row), official.role, now) }
      : {}),
  };
}

export function toSessionListItem(row: SessionListRow, now: string): SessionListItem {
  return {
    id: row.id,
    unit: { code: row.unit_code, name: row.unit_name },
    title: row.title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    venue: { name: row.venue_name, address: row.venue_address },
    mode: row.mode,
    status: row.status,
    sequence: row.sequence,
    capacity: row.capacity ?? 0,
    confirmed: row.confirmed,
    waitlisted: row.waitlisted,
    registrationOpen: registrationOpen(row.status, row.starts_at, now),
    shortNotice: row.short_notice === 1,
    recordedAfterwards: row.recorded_afterwards === 1,
  };
}

/** The place a registration holds: the main venue carries the session's venue name. */
export const placeOf = (row: RegistrationRow, venueName: string) => ({
  id: row.place_id,
  name: row.place_is_bridge ? (row.place_name ?? "") : venueName,
  address: row.place_address,
});

/** A registration as its officials see it (personal data). */
export function toOfficialRegistration(row: RegistrationRow, venueName: string) {
  return {
    id: row.id,
    registrationCode: row.code,
    name: row.name,
    phone: row.phone,
    email: row.email,
    question: row.question,
    village: row.village_id ? { id: row.village_id, name: row.village_name ?? "" } : null,
    place: placeOf(row, venueName),
    status: row.status,
    ...(row.position !== null ? { position: row.position } : {}),
    queueNumber: row.queue_no,
    registeredAt: row.created_at,
    promotedAt: row.promoted_at,
    checkedInAt: row.checked_in_at,
    cancelledAt: row.cancelled_at,
  };
}

/** A session as a calendar event: the public page as its URL, the venue (and address) as its location. */
export function toCalendarEvent(row: SessionRow, origin: string): CalendarEvent {
  return {
    id: row.id,
    sequence: row.sequence,
    title: row.title,
    description: [row.agenda, `${origin}/sessions/${row.id}`].filter(Boolean).join("\n\n"),
    location: [row.venue_name, row.venue_address].filter(Boolean).join(", "),
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    cancelled: row.status === "cancelled",
    url: `${origin}/sessions/${row.id}`,
    updatedAt: row.updated_at,
  };
}
