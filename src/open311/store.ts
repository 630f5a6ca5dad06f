/**
 * Open311's SQL: its clients (api keys) and its reads of petitions' public columns (the petitions domain owns
 * the writes; no personal data is ever selected here).
 */
import { sqlList } from "../lib/sql";
import { OPEN_STATUSES } from "../petitions/rules";
import { PETITION_STATUSES } from "../petitions/schema";
import type { PublicRequestRow } from "./rules";
import type { Open311Client } from "./schema";

// ---------------------------------------------------------------- clients

type ClientRow = {
  id: string;
  name: string;
  province_code: string;
  province_name: string;
  key_hint: string;
  created_at: string;
  revoked_at: string | null;
};

const toClient = (row: ClientRow): Open311Client => ({
  id: row.id,
  name: row.name,
  province: { code: row.province_code, name: row.province_name },
  keyHint: row.key_hint,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

const CLIENT_SELECT = `SELECT c.id, c.name, c.province_code, u.name AS province_name, c.key_hint, c.created_at, c.revoked_at
  FROM open311_clients c JOIN units u ON u.code = c.province_code`;

export function clientsStatement(db: D1Database): D1PreparedStatement {
  return db.prepare(`${CLIENT_SELECT} ORDER BY c.revoked_at IS NOT NULL, c.created_at DESC LIMIT 500`);
}

export function clientStatement(db: D1Database, id: string): D1PreparedStatement {
  return db.prepare(`${CLIENT_SELECT} WHERE c.id = ?`).bind(id);
}

export const clientsOf = (result: D1Result): Open311Client[] => (result.results as ClientRow[]).map(toClient);

export type NewClient = { id: string; name: string; provinceCode: string; keyHash: string; keyHint: string; createdBy: string; createdAt: string };

/** Issues a client's key, for a province that exists (else nothing is written). */
export function insertClientStatement(db: D1Database, client: NewClient): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO open311_clients (id, name, province_code, key_hash, key_hint, created_by, created_at)
       SELECT ?, ?, code, ?, ?, ?, ? FROM units WHERE code = ? AND level = 'province'`,
    )
    .bind(client.id, client.name, client.keyHash, client.keyHint, client.createdBy, client.createdAt, client.provinceCode);
}

/** Revokes a key once: a second revocation changes nothing. */
export function revokeClientStatement(db: D1Database, id: string, by: string, at: string): D1PreparedStatement {
  return db.prepare("UPDATE open311_clients SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL").bind(at, by, id);
}

export type KeyCheckRow = { id: string; province_code: string; unit_province: string | null; unit_level: string | null };

/**
 * The client holding a key (not revoked) and where the commune it names lies: what a POST checks, riding along
 * with the submission's first read (lib/database.ts).
 */
export function keyCheckStatement(db: D1Database, keyHash: string, unitCode: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT c.id, c.province_code, u.province_code AS unit_province, u.level AS unit_level
       FROM open311_clients c LEFT JOIN units u ON u.code = ? WHERE c.key_hash = ? AND c.revoked_at IS NULL`,
    )
    .bind(unitCode, keyHash);
}

// ---------------------------------------------------------------- services and requests

export function provinceStatement(db: D1Database, code: string): D1PreparedStatement {
  return db.prepare("SELECT code, name FROM units WHERE code = ? AND level = 'province'").bind(code);
}

/** The communes of a province in force on a day: the values of a service's `commune` attribute. */
export function communesStatement(db: D1Database, provinceCode: string, day: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT code, name FROM units WHERE province_code = ? AND level IN ('commune', 'ward', 'special_zone')
       AND (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to >= ?) ORDER BY name_folded LIMIT 1000`,
    )
    .bind(provinceCode, day, day);
}

const REQUEST_COLUMNS = `p.id, p.tracking_code, p.unit_code, u.name AS unit_name, p.category, c.name AS category_name, p.title, p.status,
  p.submitted_at, p.updated_at, p.due_on, p.public_answer, p.public_note`;
const REQUEST_FROM = "petitions p JOIN units u ON u.code = p.unit_code LEFT JOIN categories c ON c.code = p.category";

/**
 * What the public list shows: recommendations and feedback (kiến nghị, phản ánh) about public matters. Complaints
 * and denunciations concern people and are never listed; a petition whose identity is protected neither.
 */
const LISTED = "p.kind IN ('recommendation', 'feedback') AND p.identity_protected = 0";

export type RequestFilter = {
  provinceCode: string;
  trackingCodes?: string[];
  serviceCode?: string;
  from: string;
  until: string;
  statuses?: ("open" | "closed")[];
};

/** A province's listed requests, newest first, at most `limit` (by `petitions_by_province_submitted`). */
export function requestsStatement(db: D1Database, filter: RequestFilter, limit: number): D1PreparedStatement {
  const conditions = ["p.province_code = ?", LISTED, "p.submitted_at >= ?", "p.submitted_at < ?"];
  const params: unknown[] = [filter.provinceCode, filter.from, filter.until];
  if (filter.trackingCodes?.length) {
    conditions.push(`p.tracking_code IN (${filter.trackingCodes.map(() => "?").join(", ")})`);
    params.push(...filter.trackingCodes);
  }
  if (filter.serviceCode) {
    conditions.push("p.category = ?");
    params.push(filter.serviceCode);
  }
  if (filter.statuses?.length === 1) {
    const open = sqlList(OPEN_STATUSES);
    const closed = sqlList(PETITION_STATUSES.filter((status) => !(OPEN_STATUSES as readonly string[]).includes(status)));
    conditions.push(`p.status IN (${filter.statuses[0] === "open" ? open : closed})`);
  }
  return db
    .prepare(`SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE ${conditions.join(" AND ")} ORDER BY p.submitted_at DESC, p.id DESC LIMIT ?`)
    .bind(...params, limit);
}

/** One request by its tracking code (the code is the capability, as on the tracking page). */
export function requestStatement(db: D1Database, trackingCode: string): D1PreparedStatement {
  return db.prepare(`SELECT p.province_code, ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE p.tracking_code = ?`).bind(trackingCode);
}

/** The request a POST's token stands for (the token is the petition's id). */
export function tokenStatement(db: D1Database, token: string): D1PreparedStatement {
  return db.prepare("SELECT p.tracking_code, p.province_code FROM petitions p WHERE p.id = ?").bind(token);
}

export type RequestRow = PublicRequestRow & { province_code: string };
