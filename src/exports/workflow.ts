/**
 * Opening an export: decide whose petitions (the caller's reach, as the inbox does), count them against the
 * query budget, log the export, and load the first page — all before the response starts, so that every refusal
 * is a proper problem response and never a broken download. The rest of the pages are read as the client
 * downloads (see lib/export-stream).
 *
 * Round trips: 1) the unit and the count (with the sign-in check riding along); 2) the audit entry and the first
 * page; then one per further page of `EXPORT_PAGE_ROWS`.
 */

import { auditStatement } from "../audit/store";
import { canReach } from "../auth/access";
import type { SessionUser } from "../auth/sessions";
import { addDays, type Calendar } from "../holidays/rules";
import { holidaysStatement, toCalendar } from "../holidays/store";
import { instantBounds } from "../lib/dates";
import { EXPORT_PAGE_ROWS, type ExportFormat, exportCapacity, keysetPages, type Page } from "../lib/export-stream";
import { invalid, notFound } from "../lib/problem";
import { canSeeIdentity } from "../petitions/rules";
import { RESULTS_HOLIDAY_WINDOW_DAYS } from "../sessions/rules";
import { type CommitmentKey, commitmentPageStatement, countCommitmentsStatement, type ExportCommitmentRow } from "./commitment-store";
import type { NumberedReception } from "./reception-columns";
import { countReceptionsStatement, type ReceptionRow, receptionPageStatement } from "./reception-store";
import type { ExportQuery } from "./schema";
import { countSessionsStatement, type ExportSessionRow, type SessionKey, sessionPageStatement } from "./session-store";
import {
  countPetitionsStatement,
  type ExportPetitionRow,
  type ExportScope,
  type InstantBounds,
  type PetitionKey,
  petitionPageStatement,
  type ScopeUnitRow,
  scopeUnitStatement,
} from "./store";

/**
 * D1 queries one request may make on Workers Paid (STACK.md; the Free plan allows 50). A 100,000-petition
 * export takes 100 pages of 1,000 rows, so large exports need the Paid plan.
 */
export const EXPORT_QUERY_BUDGET = 1_000;

/**
 * Queries an export spends besides its pages, counted one per statement to be safe (the limit may count batched
 * statements singly): the sign-in check, the unit, the count, the audit entry (and one more for an export whose rows
 * are read with a context, such as the sessions' calendar).
 */
export const EXPORT_FIXED_QUERIES = 4;

export type PetitionsExport = {
  unit: ScopeUnitRow;
  query: ExportQuery;
  rows: number;
  pages: AsyncGenerator<ExportPetitionRow[]>;
  /** Whether the caller may see this row's submitter (Luật Tố cáo: a denouncer only by the head, the assignee, supervisors). */
  showsIdentity: (row: ExportPetitionRow) => boolean;
};

/** Local days (both inclusive, either open) as instant bounds over `submitted_at`. */
export function instantBoundsOf(query: Pick<ExportQuery, "from" | "to">): InstantBounds {
  return instantBounds(query);
}

/** The scope asked for: a unit, a province, or by default the caller's own (a supervisor's province, else the unit). */
function requestedScope(user: SessionUser, query: ExportQuery): { code: string; scope: ExportScope } {
  if (query.unit) return { code: query.unit, scope: { unitCode: query.unit } };
  const province = query.province ?? (user.role === "supervisor" ? (user.provinceCode ?? "") : undefined);
  if (province !== undefined) return { code: province, scope: { provinceCode: province } };
  const unit = user.unitCode ?? "";
  return { code: unit, scope: { unitCode: unit } };
}

/** What one kind of export reads: its count and its keyset pages, and the key of a row to continue after. */
type ExportSource<Row, Key> = {
  /** The audit entry's action (`petition.export`, `reception_book.export`, …). */
  action: string;
  count: (scope: ExportScope, bounds: InstantBounds, query: ExportQuery) => D1PreparedStatement;
  page: (scope: ExportScope, bounds: InstantBounds, after: Key | null, limit: number, query: ExportQuery) => D1PreparedStatement;
  keyOf: (row: Row) => Key;
  /** What the rows are read with besides themselves (read once, with the count): the calendar of the sessions' results. */
  context?: (query: ExportQuery) => D1PreparedStatement;
};

type ExportOptions = { format: ExportFormat; requestId: string; budget?: number; pageRows?: number };

export type OpenedExport<Row> = { unit: ScopeUnitRow; query: ExportQuery; rows: number; pages: AsyncGenerator<Row[]>; context: unknown[] };

/** Cuts a `limit + 1` result into a page and the key to continue after. */
function toPage<Row, Key>(rows: Row[], limit: number, keyOf: (row: Row) => Key): Page<Row, Key> {
  if (rows.length <= limit) return { rows, next: null };
  const page = rows.slice(0, limit);
  return { rows: page, next: keyOf(page[page.length - 1]) };
}

/**
 * Opens an export of any kind: reach, count against the query budget, the audit entry with the first page, then
 * the other pages as the client reads. See the header of this file for the round trips.
 */
async function openExport<Row, Key>(
  db: D1Database,
  user: SessionUser,
  query: ExportQuery,
  source: ExportSource<Row, Key>,
  options: ExportOptions,
): Promise<OpenedExport<Row>> {
  const pageRows = options.pageRows ?? EXPORT_PAGE_ROWS;
  const { code, scope } = requestedScope(user, query);
  const bounds = instantBoundsOf(query);
  const context = source.context ? [source.context(query)] : [];
  const [unitResult, countResult, contextResult] = await db.batch([scopeUnitStatement(db, code), source.count(scope, bounds, query), ...context]);
  const unit = (unitResult.results[0] as ScopeUnitRow | undefined) ?? null;
  // Outside the caller's reach looks the same as not there at all (API.md: 404); a province must be a province.
  if (!unit || !canReach(user, { code: unit.code, provinceCode: unit.province_code })) throw notFound();
  if ("provinceCode" in scope && unit.level !== "province") throw notFound();

  const rows = Number((countResult.results[0] as { n: number }).n);
  const capacity = exportCapacity({ budget: options.budget ?? EXPORT_QUERY_BUDGET, fixedQueries: EXPORT_FIXED_QUERIES + context.length, pageRows });
  if (rows > capacity) throw invalid([{ path: "from", code: "exports.too_many_rows", params: { rows, max: capacity } }]);

  const page = (after: Key | null) => source.page(scope, bounds, after, pageRows, query);
  const audit = auditStatement(db, {
    actorId: user.id,
    action: source.action,
    targetType: "unit",
    targetId: unit.code,
    detail: { format: options.format, from: query.from ?? null, to: query.to ?? null, rows, requestId: options.requestId },
  });
  // An export may carry residents' identities: it is logged with its first page, before a byte leaves.
  const [, firstResult] = await db.batch([audit, page(null)]);
  const first = toPage(firstResult.results as Row[], pageRows, source.keyOf);
  const load = async (after: Key | null) => toPage((await page(after).all<Record<string, unknown>>()).results as Row[], pageRows, source.keyOf);
  return { unit, query, rows, pages: keysetPages({ load, pageRows, first, maxPages: capacity / pageRows }), context: contextResult?.results ?? [] };
}

const petitionSource = (db: D1Database): ExportSource<ExportPetitionRow, PetitionKey> => ({
  action: "petition.export",
  count: (scope, bounds) => countPetitionsStatement(db, scope, bounds),
  page: (scope, bounds, after, limit) => petitionPageStatement(db, scope, bounds, after, limit),
  keyOf: (row) => [row.submitted_at, row.id],
});

/** Whether the caller may see a row's submitter (Luật Tố cáo: a denouncer only by the head, the assignee, supervisors). */
const identityFor = (user: SessionUser) => (row: { kind: ExportPetitionRow["kind"]; identity_protected: number; assigned_to: string | null }) =>
  canSeeIdentity({ kind: row.kind, identityProtected: row.identity_protected === 1, assignedTo: row.assigned_to }, user);

export async function openPetitionsExport(db: D1Database, user: SessionUser, query: ExportQuery, options: ExportOptions): Promise<PetitionsExport> {
  const opened = await openExport(db, user, query, petitionSource(db), options);
  return { ...opened, showsIdentity: identityFor(user) };
}

const sessionSource = (db: D1Database): ExportSource<ExportSessionRow, SessionKey> => ({
  action: "session.export",
  count: (scope, bounds) => countSessionsStatement(db, scope, bounds),
  page: (scope, bounds, after, limit) => sessionPageStatement(db, scope, bounds, after, limit),
  keyOf: (row) => [row.starts_at, row.id],
  // Results fall due up to a results period (and its holidays) after the last session's day.
  context: (query) => holidaysStatement(db, query.from ?? "0000-01-01", query.to ? addDays(query.to, RESULTS_HOLIDAY_WINDOW_DAYS) : "9999-12-31"),
});

export type SessionsExport = OpenedExport<ExportSessionRow> & { holidays: Calendar };

/** Dialogue sessions announced or recorded, by the day they take place (no personal data). */
export async function openSessionsExport(db: D1Database, user: SessionUser, query: ExportQuery, options: ExportOptions): Promise<SessionsExport> {
  const opened = await openExport(db, user, query, sessionSource(db), options);
  return { ...opened, holidays: toCalendar(opened.context) };
}

const receptionSource = (db: D1Database): ExportSource<ReceptionRow, PetitionKey> => ({
  action: "reception_book.export",
  count: (scope, bounds) => countReceptionsStatement(db, scope, bounds),
  page: (scope, bounds, after, limit) => receptionPageStatement(db, scope, bounds, after, limit),
  keyOf: (row) => [row.submitted_at, row.id],
});

/** Numbers the rows of a walk across its pages (the book's "STT"), 1 first. */
async function* numbered<Row>(pages: AsyncIterable<Row[]>): AsyncGenerator<(Row & { number: number })[]> {
  let number = 0;
  for await (const rows of pages) yield rows.map((row) => ({ ...row, number: ++number }));
}

export type ReceptionBookExport = OpenedExport<NumberedReception> & { showsIdentity: (row: ReceptionRow) => boolean };

/** The reception book (Mẫu 03/TCD): walk-ins of the unit (or province) that received them, numbered in the order they came. */
/**
 * Who sees a line's submitter in the reception book. The book is the receiving unit's record of whom it received
 * (Mẫu 03/TCD), so a line transferred away keeps its name there; but a protected identity (a denouncer's, Luật Tố
 * cáo art. 47) goes with the petition: once it is handled elsewhere, only that unit's head and assignee (and
 * supervisors) see it.
 */
const receptionIdentityFor = (user: SessionUser) => {
  const byRole = identityFor(user);
  return (row: ReceptionRow) => {
    if (!byRole(row)) return false;
    const protectedIdentity = row.kind === "denunciation" || row.identity_protected === 1;
    return user.role === "supervisor" || !protectedIdentity || row.unit_code === user.unitCode;
  };
};

export async function openReceptionBookExport(db: D1Database, user: SessionUser, query: ExportQuery, options: ExportOptions): Promise<ReceptionBookExport> {
  const opened = await openExport(db, user, query, receptionSource(db), options);
  return { ...opened, pages: numbered(opened.pages), showsIdentity: receptionIdentityFor(user) };
}

/** A commitments export covers due days: from/to as asked, else every day. */
const dueDaysOf = (query: ExportQuery) => ({ from: query.from ?? "0000-01-01", to: query.to ?? "9999-12-31" });

const commitmentSource = (db: D1Database): ExportSource<ExportCommitmentRow, CommitmentKey> => ({
  action: "commitment.export",
  count: (scope, _bounds, query) => countCommitmentsStatement(db, scope, dueDaysOf(query)),
  page: (scope, _bounds, after, limit, query) => commitmentPageStatement(db, scope, dueDaysOf(query), after, limit),
  keyOf: (row) => [row.due_on, row.id],
});

/** Commitments made at dialogue sessions, by their due day (no resident's identity). */
export function openCommitmentsExport(
  db: D1Database,
  user: SessionUser,
  query: ExportQuery,
  options: ExportOptions,
): Promise<OpenedExport<ExportCommitmentRow>> {
  return openExport(db, user, query, commitmentSource(db), options);
}
