/**
 * The exports' own reads of petitions (the petitions domain owns the writes): explicit columns, keyset pages in
 * the order petitions came in, index-backed by `petitions_by_unit_submitted` / `petitions_by_province_submitted`
 * (migration 0050; the plans are checked in test/exports/store.test.ts).
 */

import type { Page } from "../lib/export-stream";
import type { PetitionKind, PetitionStatus } from "../petitions/schema";

/** Whose petitions: one handling unit, or every unit of a province (a supervisor's reach). */
export type ExportScope = { unitCode: string } | { provinceCode: string };

/** A half-open range of instants `[from, until)` (lib/dates `instantBounds`). */
export type InstantBounds = { from: string; until: string };

/** The keyset: petitions in the order they came in, id breaking ties. */
export type PetitionKey = [submittedAt: string, id: string];

export type ScopeUnitRow = { code: string; name: string; level: string; province_code: string };

export type ExportPetitionRow = {
  id: string;
  tracking_code: string;
  unit_code: string;
  unit_name: string | null;
  category: string;
  category_name: string | null;
  kind: PetitionKind | null;
  identity_protected: number;
  status: PetitionStatus;
  channel: string;
  title: string;
  content: string;
  people_count: number;
  submitted_at: string;
  acknowledge_by: string;
  resolve_by: string | null;
  due_on: string;
  answered_at: string | null;
  closed_at: string | null;
  public_answer: string | null;
  assigned_to: string | null;
  assignee_name: string | null;
  submitter_name: string | null;
  submitter_phone: string | null;
  submitter_email: string | null;
  submitter_address: string | null;
  submitter_citizen_id: string | null;
};

const PETITION_COLUMNS = `p.id, p.tracking_code, p.unit_code, u.name AS unit_name, p.category, c.name AS category_name, p.kind, p.identity_protected, p.status,
  p.channel, p.title, p.content, p.people_count, p.submitted_at, p.acknowledge_by, p.resolve_by, p.due_on, p.answered_at, p.closed_at,
  p.public_answer, p.assigned_to, a.name AS assignee_name, s.name AS submitter_name, s.phone AS submitter_phone, s.email AS submitter_email,
  s.address AS submitter_address, s.citizen_id AS submitter_citizen_id`;

const scopeClause = (scope: ExportScope) => ("unitCode" in scope ? "p.unit_code = ?" : "p.province_code = ?");
const scopeValue = (scope: ExportScope) => ("unitCode" in scope ? scope.unitCode : scope.provinceCode);

/** The unit (commune or province) an export is asked for, to check reach and name the file. */
export function scopeUnitStatement(db: D1Database, code: string): D1PreparedStatement {
  return db.prepare("SELECT code, name, level, province_code FROM units WHERE code = ?").bind(code);
}

type Query = { sql: string; params: unknown[] };

/** How many petitions the export holds: decides, before the first byte, whether it fits the query budget. */
export function countPetitionsQuery(scope: ExportScope, bounds: InstantBounds): Query {
  return {
    sql: `SELECT count(*) AS n FROM petitions p WHERE ${scopeClause(scope)} AND p.submitted_at >= ? AND p.submitted_at < ?`,
    params: [scopeValue(scope), bounds.from, bounds.until],
  };
}

/** One keyset page of `limit + 1` rows (the extra row only says that more follow), strictly after `after`. */
export function petitionPageQuery(scope: ExportScope, bounds: InstantBounds, after: PetitionKey | null, limit: number): Query {
  // The index range must start at the key itself: with only `>= from` as the range's start, SQLite walks every
  // earlier entry to test the row value, and later pages get slower and slower (measured: 0.1 ms vs 13 ms at row 250,000).
  const keyset = after ? " AND (p.submitted_at, p.id) > (?, ?)" : "";
  const start = after && after[0] > bounds.from ? after[0] : bounds.from;
  return {
    sql: `SELECT ${PETITION_COLUMNS}
       FROM petitions p
       LEFT JOIN units u ON u.code = p.unit_code
       LEFT JOIN categories c ON c.code = p.category
       LEFT JOIN accounts a ON a.id = p.assigned_to
       LEFT JOIN petition_submitters s ON s.petition_id = p.id
       WHERE ${scopeClause(scope)} AND p.submitted_at >= ? AND p.submitted_at < ?${keyset}
       ORDER BY p.submitted_at, p.id
       LIMIT ?`,
    params: [scopeValue(scope), start, bounds.until, ...(after ?? []), limit + 1],
  };
}

const statement = (db: D1Database, query: Query) => db.prepare(query.sql).bind(...query.params);

export function countPetitionsStatement(db: D1Database, scope: ExportScope, bounds: InstantBounds): D1PreparedStatement {
  return statement(db, countPetitionsQuery(scope, bounds));
}

export function petitionPageStatement(
  db: D1Database,
  scope: ExportScope,
  bounds: InstantBounds,
  after: PetitionKey | null,
  limit: number,
): D1PreparedStatement {
  return statement(db, petitionPageQuery(scope, bounds, after, limit));
}

/** Cuts a `limit + 1` result into a page and the key to continue after. */
export function toPetitionPage(rows: ExportPetitionRow[], limit: number): Page<ExportPetitionRow, PetitionKey> {
  if (rows.length <= limit) return { rows, next: null };
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: [last.submitted_at, last.id] };
}
