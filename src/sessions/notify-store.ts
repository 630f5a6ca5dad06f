/**
 * The SQL that turns a session event into outbox rows (`outboxSelectStatement`): the recipients, their addresses
 * per channel, the template's values and the occurrence's key, all computed inside the write batch — seat status,
 * place in line and who got promoted are only known there.
 *
 * Event keys (one message per key, recipient and channel, whatever retries or reruns happen):
 * a registration's arrival `registration:<id>:created`, its promotion `registration:<id>:promoted`; a session's
 * reschedule and change `session:<id>:seq<sequence>:<kind>` (the sequence after the write), its cancellation
 * `session:<id>:cancelled`, its results `session:<id>:results`, the reminder `session:<id>:reminder:<local day>`
 * (a session moved to another day is reminded of again; one moved within the day is not).
 */
import type { RecipientSelection } from "../notifications/store";
import type { Selection } from "./events";
import type { SessionEventKind } from "./rules";

/** How a message is addressed and linked: where links point, and which channel a phone number gets. */
export type NotifyConfig = { origin: string; phoneChannel: "sms" | "zalo" };

const EVENT_KEYS: Record<SessionEventKind, string> = {
  "registration.confirmed": "'registration:' || r.id || ':created'",
  "registration.waitlisted": "'registration:' || r.id || ':created'",
  "registration.promoted": "'registration:' || r.id || ':promoted'",
  "session.rescheduled": "'session:' || s.id || ':seq' || s.sequence || ':rescheduled'",
  "session.changed": "'session:' || s.id || ':seq' || s.sequence || ':changed'",
  "session.cancelled": "'session:' || s.id || ':cancelled'",
  "session.results": "'session:' || s.id || ':results'",
  "session.reminder": "'session:' || s.id || ':reminder:' || date(s.starts_at, '+7 hours')",
};

/** The channels an address may take: email, and the phone's channel (a row per channel; blank addresses drop out). */
const CHANNELS = "(SELECT 'email' AS channel UNION ALL SELECT ? AS channel)";

/** The registration code as residents read it: ABCDE-FGHJK. */
const READABLE_CODE = "substr(r.code, 1, 5) || '-' || substr(r.code, 6)";
const POSITION = `CASE WHEN r.status = 'waitlisted' THEN (SELECT count(*) FROM session_registrations w
  WHERE w.place_id = r.place_id AND w.status = 'waitlisted' AND w.queue_no <= r.queue_no) END`;

/** The results go to the results page; everything else to the registrant's own page (their code, their status). */
const registrantLink = (kind: SessionEventKind) =>
  kind === "session.results" ? "? || '/sessions/' || s.id || '/results'" : "? || '/registrations/' || r.code";

/** Messages to registrants: `registrations` selects their ids. */
export function registrantMessages(kind: SessionEventKind, registrations: Selection, reason: string | undefined, config: NotifyConfig): RecipientSelection {
  return {
    sql: `SELECT ${EVENT_KEYS[kind]} AS event, 'registration:' || r.code AS recipient, 'registrant' AS recipient_role, ? AS kind,
        ch.channel AS channel, CASE ch.channel WHEN 'email' THEN lower(trim(r.email)) ELSE r.phone END AS address, 0 AS protected,
        s.unit_code AS unit_code, s.province_code AS province_code, NULL AS petition_id, s.id AS session_id, r.code AS access_code,
        json_object('unitName', u.name, 'title', s.title, 'startsAt', s.starts_at,
          'venue', CASE WHEN p.is_bridge = 1 THEN p.name ELSE s.venue_name END, 'registrationCode', ${READABLE_CODE},
          'position', ${POSITION}, 'reason', ?, 'link', ${registrantLink(kind)}) AS data
      FROM session_registrations r JOIN dialogue_sessions s ON s.id = r.session_id JOIN units u ON u.code = s.unit_code
        JOIN session_places p ON p.id = r.place_id JOIN ${CHANNELS} ch
      WHERE r.erased_at IS NULL AND r.id IN (${registrations.sql})`,
    params: [kind, reason ?? null, config.origin, config.phoneChannel, ...registrations.params],
  };
}

/** Messages to village heads about a session: `villages` selects the villages' ids. */
export function villageHeadMessages(kind: SessionEventKind, sessionId: string, villages: Selection, config: NotifyConfig): RecipientSelection {
  return {
    sql: `SELECT ${EVENT_KEYS[kind]} AS event, 'village:' || v.id AS recipient, 'village_head' AS recipient_role, ? AS kind,
        ch.channel AS channel, CASE ch.channel WHEN 'email' THEN lower(trim(v.head_email)) ELSE v.head_phone END AS address, 0 AS protected,
        s.unit_code AS unit_code, s.province_code AS province_code, NULL AS petition_id, s.id AS session_id, NULL AS access_code,
        json_object('unitName', u.name, 'title', s.title, 'startsAt', s.starts_at, 'venue', s.venue_name,
          'link', ? || '/sessions/' || s.id || '/results') AS data
      FROM villages v JOIN dialogue_sessions s ON s.id = ? JOIN units u ON u.code = s.unit_code JOIN ${CHANNELS} ch
      WHERE v.id IN (${villages.sql})`,
    params: [kind, config.origin, sessionId, config.phoneChannel, ...villages.params],
  };
}

/**
 * The confirmed registrants of the sessions still announced that start on a local day (`[from, until)` as
 * instants): whom the day-before reminder goes to. The session's current state decides, so a session moved or
 * cancelled since needs nothing withdrawn.
 */
export function remindedRegistrations(from: string, until: string): Selection {
  return {
    sql: `SELECT r2.id FROM dialogue_sessions s2 JOIN session_registrations r2 ON r2.session_id = s2.id
      WHERE s2.listed = 1 AND s2.starts_at >= ? AND s2.starts_at < ? AND s2.status = 'published' AND r2.status = 'confirmed'`,
    params: [from, until],
  };
}
