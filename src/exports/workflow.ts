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
import { instantBounds } from "../lib/dates";
import { EXPORT_PAGE_ROWS, type ExportFormat, exportCapacity, keysetPages } from "../lib/export-stream";
import { invalid, notFound } from "../lib/problem";
import { canSeeIdentity } from "../petitions/rules";
import type { ExportQuery } from "./schema";
import {
  countPetitionsStatement,
  type ExportPetitionRow,
  type ExportScope,
  type InstantBounds,
  type PetitionKey,
  petitionPageStatement,
  type ScopeUnitRow,
  scopeUnitStatement,
  toPetitionPage,
} from "./store";

/**
 * D1 queries one request may make on Workers Paid (STACK.md; the Free plan allows 50). A 100,000-petition
 * export takes 100 pages of 1,000 rows, so large exports need the Paid plan.
 */
export const EXPORT_QUERY_BUDGET = 1_000;

/**
 * Queries an export spends besides its pages, counted one per statement to be safe (the limit may count batched
 * statements singly): the sign-in check, the unit, the count, the audit entry.
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

export async function openPetitionsExport(
  db: D1Database,
  user: SessionUser,
  query: ExportQuery,
  options: { format: ExportFormat; requestId: string; budget?: number; pageRows?: number },
): Promise<PetitionsExport> {
  const pageRows = options.pageRows ?? EXPORT_PAGE_ROWS;
  const { code, scope } = requestedScope(user, query);
  const bounds = instantBoundsOf(query);
  const [unitResult, countResult] = await db.batch([scopeUnitStatement(db, code), countPetitionsStatement(db, scope, bounds)]);
  const unit = (unitResult.results[0] as ScopeUnitRow | undefined) ?? null;
  // Outside the caller's reach looks the same as not there at all (API.md: 404); a province must be a province.
  if (!unit || !canReach(user, { code: unit.code, provinceCode: unit.province_code })) throw notFound();
  if ("provinceCode" in scope && unit.level !== "province") throw notFound();

  const rows = Number((countResult.results[0] as { n: number }).n);
  const capacity = exportCapacity({ budget: options.budget ?? EXPORT_QUERY_BUDGET, fixedQueries: EXPORT_FIXED_QUERIES, pageRows });
  if (rows > capacity) throw invalid([{ path: "from", code: "exports.too_many_rows", params: { rows, max: capacity } }]);

  const page = (after: PetitionKey | null) => petitionPageStatement(db, scope, bounds, after, pageRows);
  const audit = auditStatement(db, {
    actorId: user.id,
    action: "petition.export",
    targetType: "unit",
    targetId: unit.code,
    detail: { format: options.format, from: query.from ?? null, to: query.to ?? null, rows, requestId: options.requestId },
  });
  // An export may carry residents' identities: it is logged with its first page, before a byte leaves.
  const [, firstResult] = await db.batch([audit, page(null)]);
  const first = toPetitionPage(firstResult.results as ExportPetitionRow[], pageRows);
  const load = async (after: PetitionKey | null) => toPetitionPage((await page(after).all<ExportPetitionRow>()).results, pageRows);

  return {
    unit,
    query,
    rows,
    pages: keysetPages({ load, pageRows, first, maxPages: capacity / pageRows }),
    showsIdentity: (row) => canSeeIdentity({ kind: row.kind, identityProtected: row.identity_protected === 1, assignedTo: row.assigned_to }, user),
  };
}
