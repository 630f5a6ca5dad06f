/**
 * The reception book's reads (sổ tiếp công dân, Mẫu 03/TCD): the people a unit received in person (walk-ins), in
 * the order they came, under the unit that received them — a transfer moves the petition, not the book's line. A
 * letter split into one petition per kind stays one line (its parts are not receptions of their own).
 * Index: `petitions_walk_ins_by_receiving_unit` (migration 0052).
 */
import type { PetitionKind, PetitionStatus } from "../petitions/schema";
import type { ExportScope, InstantBounds, PetitionKey } from "./store";

export type ReceptionRow = {
  id: string;
  tracking_code: string;
  submitted_at: string;
  received_unit_code: string;
  unit_code: string;
  handling_unit_name: string;
  kind: PetitionKind | null;
  identity_protected: number;
  assigned_to: string | null;
  title: string;
  content: string;
  people_count: number;
  previously_handled_by: string | null;
  status: PetitionStatus;
  accepted_at: string | null;
  public_note: string | null;
  /** The guidance or transfer letter's number. */
  letter_number: string | null;
  /** Transferred to a body outside the system (its name as written). */
  to_body: string | null;
  answered_at: string | null;
  closed_at: string | null;
  submitter_name: string | null;
  submitter_address: string | null;
  submitter_citizen_id: string | null;
};

type Query = { sql: string; params: unknown[] };

/** The receiving unit, or any unit of the province: `channel = 'walk_in'` stays literal so the partial index applies. */
const scopeClause = (scope: ExportScope) =>
  "unitCode" in scope ? "p.received_unit_code = ?" : "p.received_unit_code IN (SELECT code FROM units WHERE province_code = ?)";
const scopeValue = (scope: ExportScope) => ("unitCode" in scope ? scope.unitCode : scope.provinceCode);

export function countReceptionsQuery(scope: ExportScope, bounds: InstantBounds): Query {
  return {
    sql: `SELECT count(*) AS n FROM petitions p WHERE p.channel = 'walk_in' AND ${scopeClause(scope)} AND p.submitted_at >= ? AND p.submitted_at < ?
       AND p.split_from IS NULL`,
    params: [scopeValue(scope), bounds.from, bounds.until],
  };
}

export function receptionPageQuery(scope: ExportScope, bounds: InstantBounds, after: PetitionKey | null, limit: number): Query {
  const keyset = after ? " AND (p.submitted_at, p.id) > (?, ?)" : "";
  const start = after && after[0] > bounds.from ? after[0] : bounds.from;
  return {
    sql: `SELECT p.id, p.tracking_code, p.submitted_at, p.received_unit_code, p.unit_code, hu.name AS handling_unit_name, p.kind, p.identity_protected,
         p.assigned_to, p.title, p.content, p.people_count, p.previously_handled_by, p.status, p.accepted_at, p.public_note, p.letter_number, p.to_body, p.answered_at, p.closed_at,
         s.name AS submitter_name, s.address AS submitter_address, s.citizen_id AS submitter_citizen_id
       FROM petitions p JOIN units hu ON hu.code = p.unit_code LEFT JOIN petition_submitters s ON s.petition_id = p.id
       WHERE p.channel = 'walk_in' AND ${scopeClause(scope)} AND p.submitted_at >= ? AND p.submitted_at < ? AND p.split_from IS NULL${keyset}
       ORDER BY p.submitted_at, p.id LIMIT ?`,
    params: [scopeValue(scope), start, bounds.until, ...(after ?? []), limit + 1],
  };
}

const statement = (db: D1Database, query: Query) => db.prepare(query.sql).bind(...query.params);

export const countReceptionsStatement = (db: D1Database, scope: ExportScope, bounds: InstantBounds) => statement(db, countReceptionsQuery(scope, bounds));
export const receptionPageStatement = (db: D1Database, scope: ExportScope, bounds: InstantBounds, after: PetitionKey | null, limit: number) =>
  statement(db, receptionPageQuery(scope, bounds, after, limit));
