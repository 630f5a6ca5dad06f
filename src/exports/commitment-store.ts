/**
 * The exports' reads of commitments (the commitments domain owns the writes): keyset pages by due day, on
 * `commitments_by_unit` / `commitments_by_province` (migration 0044; plans checked in test/exports/commitments.test.ts).
 * Officials of the unit and supervisors of the province see every commitment, before the results are published
 * too; nothing here names a resident (who raised the opinion stays in the minutes).
 */
import type { ExportScope } from "./store";

export type CommitmentKey = [dueOn: string, id: string];

export type ExportCommitmentRow = {
  id: string;
  unit_code: string;
  unit_name: string;
  session_id: string;
  session_title: string;
  session_starts_at: string;
  question: string;
  description: string;
  owner_name: string | null;
  due_on: string;
  status: "open" | "in_progress" | "done";
  percent: number;
  late: number;
  done_at: string | null;
  updated_at: string;
};

/** Local days, both inclusive: the due days an export covers. */
export type DueDays = { from: string; to: string };

type Query = { sql: string; params: unknown[] };

const scopeClause = (scope: ExportScope) => ("unitCode" in scope ? "c.unit_code = ?" : "c.province_code = ?");
const scopeValue = (scope: ExportScope) => ("unitCode" in scope ? scope.unitCode : scope.provinceCode);

export function countCommitmentsQuery(scope: ExportScope, days: DueDays): Query {
  return {
    sql: `SELECT count(*) AS n FROM commitments c WHERE ${scopeClause(scope)} AND c.due_on >= ? AND c.due_on <= ?`,
    params: [scopeValue(scope), days.from, days.to],
  };
}

/** One keyset page of `limit + 1` rows by (due day, id), its index range starting at the key itself. */
export function commitmentPageQuery(scope: ExportScope, days: DueDays, after: CommitmentKey | null, limit: number): Query {
  const keyset = after ? " AND (c.due_on, c.id) > (?, ?)" : "";
  const start = after && after[0] > days.from ? after[0] : days.from;
  return {
    sql: `SELECT c.id, c.unit_code, u.name AS unit_name, c.session_id, s.title AS session_title, s.starts_at AS session_starts_at, i.question,
         c.description, coalesce(a.name, c.owner_name) AS owner_name, c.due_on, c.status, c.percent, c.late, c.done_at, c.updated_at
       FROM commitments c JOIN dialogue_sessions s ON s.id = c.session_id JOIN units u ON u.code = c.unit_code JOIN minutes_items i ON i.id = c.item_id
         LEFT JOIN accounts a ON a.id = c.owner_account_id
       WHERE ${scopeClause(scope)} AND c.due_on >= ? AND c.due_on <= ?${keyset}
       ORDER BY c.due_on, c.id LIMIT ?`,
    params: [scopeValue(scope), start, days.to, ...(after ?? []), limit + 1],
  };
}

const statement = (db: D1Database, query: Query) => db.prepare(query.sql).bind(...query.params);

export const countCommitmentsStatement = (db: D1Database, scope: ExportScope, days: DueDays) => statement(db, countCommitmentsQuery(scope, days));
export const commitmentPageStatement = (db: D1Database, scope: ExportScope, days: DueDays, after: CommitmentKey | null, limit: number) =>
  statement(db, commitmentPageQuery(scope, days, after, limit));
