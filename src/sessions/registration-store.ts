/**
 * SQL for registrations. A seat is decided inside the INSERT that takes it (count and capacity read in the
 * same statement), and the waiting line is promoted by one set-based UPDATE in the batch that frees seats:
 * no read-then-write window, so racing registrations never exceed a place's capacity.
 */
import { foldDiacritics } from "../lib/text";
import type { RegistrationStatus, SessionStatus } from "./schema";

/** No 0/O/1/I: read aloud on the phone or copied from paper without mistakes. */
const CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** 10 symbols of 32 = 50 bits from the CSPRNG (32 divides 256, so `byte & 31` is unbiased). */
export function newRegistrationCode(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(10)), (byte) => CODE_ALPHABET[byte & 31]).join("");
}

/** ABCDE-FGHJK: two groups of five for reading aloud. */
export const formatRegistrationCode = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;

export type NewRegistration = {
  id: string;
  code: string;
  sessionId: string;
  placeId: string;
  name: string;
  phone: string;
  email: string | null;
  question: string | null;
  villageId: string | null;
  now: string;
};

/**
 * Inserts a registration while the session is published and has not started, at a live place of it. The
 * status is decided in the statement: a seat if one is free and nobody waits already, else the waiting line.
 * A phone already registered for the session (unique index) makes it insert nothing.
 */
export function insertRegistrationStatement(db: D1Database, registration: NewRegistration): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO session_registrations (id, code, session_id, place_id, queue_no, name, name_folded, phone, email, question, village_id, status, created_at, updated_at)
       SELECT ?1, ?2, s.id, p.id, (SELECT coalesce(max(queue_no), 0) + 1 FROM session_registrations WHERE session_id = s.id), ?5, ?11, ?6, ?7, ?8, ?9,
         CASE WHEN (SELECT count(*) FROM session_registrations c WHERE c.place_id = p.id AND c.status = 'confirmed') < p.capacity
               AND NOT EXISTS (SELECT 1 FROM session_registrations w WHERE w.place_id = p.id AND w.status = 'waitlisted')
              THEN 'confirmed' ELSE 'waitlisted' END,
         ?10, ?10
       FROM dialogue_sessions s JOIN session_places p ON p.session_id = s.id
       WHERE s.id = ?3 AND p.id = ?4 AND p.removed_at IS NULL AND s.status = 'published' AND s.starts_at > ?10
       ON CONFLICT DO NOTHING`,
    )
    .bind(
      registration.id,
      registration.code,
      registration.sessionId,
      registration.placeId,
      registration.name,
      registration.phone,
      registration.email,
      registration.question,
      registration.villageId,
      registration.now,
      foldDiacritics(registration.name),
    );
}

/**
 * Gives free seats to the first in line at every place of the session, in one statement: per place, the
 * waiting ranked by arrival, promoted while rank ≤ capacity − confirmed. Only while registration is open.
 * Promoted rows carry `promoted_at = now` (what the outbox selects).
 */
export function promoteWaitingStatement(db: D1Database, sessionId: string, now: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE session_registrations SET status = 'confirmed', promoted_at = ?2, updated_at = ?2 WHERE id IN (
         SELECT w.id FROM (
           SELECT id, place_id, row_number() OVER (PARTITION BY place_id ORDER BY queue_no) AS rank
           FROM session_registrations WHERE session_id = ?1 AND status = 'waitlisted'
         ) w
         JOIN session_places p ON p.id = w.place_id AND p.removed_at IS NULL
         LEFT JOIN (SELECT place_id, count(*) AS taken FROM session_registrations WHERE session_id = ?1 AND status = 'confirmed' GROUP BY place_id) t
           ON t.place_id = w.place_id
         WHERE w.rank <= p.capacity - coalesce(t.taken, 0)
       ) AND EXISTS (SELECT 1 FROM dialogue_sessions WHERE id = ?1 AND status = 'published' AND starts_at > ?2)`,
    )
    .bind(sessionId, now);
}

/** Cancels a live registration while registration is still open for its session; nothing otherwise. */
export function cancelRegistrationStatement(db: D1Database, code: string, now: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE session_registrations SET status = 'cancelled', cancelled_at = ?2, updated_at = ?2
       WHERE code = ?1 AND status <> 'cancelled'
         AND EXISTS (SELECT 1 FROM dialogue_sessions s WHERE s.id = session_registrations.session_id AND s.status = 'published' AND s.starts_at > ?2)`,
    )
    .bind(code, now);
}

export type RegistrationRow = {
  id: string;
  code: string;
  session_id: string;
  place_id: string;
  queue_no: number;
  name: string;
  phone: string;
  email: string | null;
  question: string | null;
  village_id: string | null;
  village_name: string | null;
  status: RegistrationStatus;
  promoted_at: string | null;
  checked_in_at: string | null;
  cancelled_at: string | null;
  created_at: string;
  position: number | null;
  place_name: string | null;
  place_address: string | null;
  place_is_bridge: number;
};

/** A waiting registrant's place in line at their place (1 = next), computed on the (place_id, status, queue_no) index. */
const POSITION = `CASE WHEN r.status = 'waitlisted' THEN (SELECT count(*) FROM session_registrations w
    WHERE w.place_id = r.place_id AND w.status = 'waitlisted' AND w.queue_no <= r.queue_no) END AS position`;
const REGISTRATION_COLUMNS = `r.id, r.code, r.session_id, r.place_id, r.queue_no, r.name, r.phone, r.email, r.question, r.village_id, v.name AS village_name,
  r.status, r.promoted_at, r.checked_in_at, r.cancelled_at, r.created_at, ${POSITION}, p.name AS place_name, p.address AS place_address, p.is_bridge AS place_is_bridge`;
const REGISTRATION_FROM = "session_registrations r JOIN session_places p ON p.id = r.place_id LEFT JOIN villages v ON v.id = r.village_id";

export function registrationByIdStatement(db: D1Database, id: string): D1PreparedStatement {
  return db.prepare(`SELECT ${REGISTRATION_COLUMNS} FROM ${REGISTRATION_FROM} WHERE r.id = ?`).bind(id);
}

export function registrationByCodeStatement(db: D1Database, code: string): D1PreparedStatement {
  return db.prepare(`SELECT ${REGISTRATION_COLUMNS} FROM ${REGISTRATION_FROM} WHERE r.code = ?`).bind(code);
}

/** The live registration that holds a phone for a session (what a duplicate collided with). */
export function livePhoneStatement(db: D1Database, sessionId: string, phone: string): D1PreparedStatement {
  return db.prepare("SELECT id FROM session_registrations WHERE session_id = ? AND phone = ? AND status <> 'cancelled'").bind(sessionId, phone);
}

/** A session's registrations in arrival order for its officials, keyset on queue_no. */
export function registrationsStatement(db: D1Database, sessionId: string, limit: number, afterQueueNo: number | null): D1PreparedStatement {
  return db
    .prepare(`SELECT ${REGISTRATION_COLUMNS} FROM ${REGISTRATION_FROM} WHERE r.session_id = ? AND r.queue_no > ? ORDER BY r.queue_no LIMIT ?`)
    .bind(sessionId, afterQueueNo ?? 0, limit + 1);
}

export type RegistrationSessionRow = {
  id: string;
  title: string;
  starts_at: string;
  ends_at: string;
  status: SessionStatus;
  unit_code: string;
  unit_name: string;
  venue_name: string;
};

/** The session a registration belongs to, as the resident's page shows it. */
export function registrationSessionStatement(db: D1Database, code: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT s.id, s.title, s.starts_at, s.ends_at, s.status, s.unit_code, u.name AS unit_name, s.venue_name
       FROM session_registrations r JOIN dialogue_sessions s ON s.id = r.session_id JOIN units u ON u.code = s.unit_code WHERE r.code = ?`,
    )
    .bind(code);
}
