/**
 * The exports' reads of dialogue sessions (the sessions domain owns the writes): keyset pages in the order they
 * take place, announced or recorded ones only (`listed`: drafts are the commune's own working copies).
 */
import { DEFAULT_POLICY } from "../policies/rules";
import type { ExportScope, InstantBounds } from "./store";

export type SessionKey = [startsAt: string, id: string];

export type ExportSessionRow = {
  id: string;
  unit_code: string;
  unit_name: string;
  title: string;
  agenda: string | null;
  starts_at: string;
  ends_at: string;
  venue_name: string;
  venue_address: string | null;
  mode: string;
  status: string;
  short_notice: number;
  short_notice_reason: string | null;
  recorded_afterwards: number;
  published_at: string | null;
  held_at: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  results_summary: string | null;
  results_published_at: string | null;
  chair_name: string | null;
  co_chair_name: string | null;
  co_chair_title: string | null;
  co_organiser: string | null;
  /** The results period of the policy of the session's province in force on its day. */
  results_days: number;
};

type Query = { sql: string; params: unknown[] };

/** A unit's sessions by `dialogue_sessions_by_unit` (`+s.listed` keeps the planner off the nationwide list index); a province's by its listed index. */
const scopeClause = (scope: ExportScope) => ("unitCode" in scope ? "s.unit_code = ? AND +s.listed = 1" : "s.province_code = ? AND s.listed = 1");
const scopeValue = (scope: ExportScope) => ("unitCode" in scope ? scope.unitCode : scope.provinceCode);

export function countSessionsQuery(scope: ExportScope, bounds: InstantBounds): Query {
  return {
    sql: `SELECT count(*) AS n FROM dialogue_sessions s WHERE ${scopeClause(scope)} AND s.starts_at >= ? AND s.starts_at < ?`,
    params: [scopeValue(scope), bounds.from, bounds.until],
  };
}

export function sessionPageQuery(scope: ExportScope, bounds: InstantBounds, after: SessionKey | null, limit: number): Query {
  const keyset = after ? " AND (s.starts_at, s.id) > (?, ?)" : "";
  const start = after && after[0] > bounds.from ? after[0] : bounds.from;
  return {
    sql: `SELECT s.id, s.unit_code, u.name AS unit_name, s.title, s.agenda, s.starts_at, s.ends_at, s.venue_name, s.venue_address, s.mode, s.status,
         s.short_notice, s.short_notice_reason, s.recorded_afterwards, s.published_at, s.held_at, s.cancelled_at, s.cancel_reason,
         s.results_summary, s.results_published_at, a.name AS chair_name, s.co_chair_name, s.co_chair_title, s.co_organiser,
         coalesce((SELECT pp.results_days FROM province_policies pp WHERE pp.province_code = s.province_code
                   AND pp.effective_from <= date(s.starts_at, '+7 hours') ORDER BY pp.effective_from DESC LIMIT 1), ?) AS results_days
       FROM dialogue_sessions s JOIN units u ON u.code = s.unit_code LEFT JOIN accounts a ON a.id = s.chair_account_id
       WHERE ${scopeClause(scope)} AND s.starts_at >= ? AND s.starts_at < ?${keyset}
       ORDER BY s.starts_at, s.id LIMIT ?`,
    params: [DEFAULT_POLICY.resultsDays, scopeValue(scope), start, bounds.until, ...(after ?? []), limit + 1],
  };
}

const statement = (db: D1Database, query: Query) => db.prepare(query.sql).bind(...query.params);

export const countSessionsStatement = (db: D1Database, scope: ExportScope, bounds: InstantBounds) => statement(db, countSessionsQuery(scope, bounds));
export const sessionPageStatement = (db: D1Database, scope: ExportScope, bounds: InstantBounds, after: SessionKey | null, limit: number) =>
  statement(db, sessionPageQuery(scope, bounds, after, limit));
