/**
 * The reports' reads (other domains own the writes): the units a report covers, their held sessions, and what
 * their petitions come to. Every statement carries its own scope as a recursive CTE, so that a report — units,
 * policy, sessions, petitions — is one `batch()`, one round trip, before the caller knows which units there are.
 *
 * The scope of a province is its commune-level units and, through `replaced_by` backwards, every unit merged into
 * them (which may lie in a province that no longer exists); the scope of a unit is the unit and its predecessors.
 * Records are counted under the unit they were made under.
 */
import { type SqlScalar, sqlList } from "../lib/sql";
import { OPEN_STATUSES } from "../petitions/rules";
import type { PetitionKind, PetitionStatus } from "../petitions/schema";
import { type PolicyRow, policyRowsOfProvincesStatement, policyRowsStatement } from "../policies/store";
import { ANSWERED_STATUSES, CLOSED_AT_INTAKE, type CommitmentTally, type PetitionTally } from "./rules";

/**
 * What a report is about: a province (every commune in it and the units merged into them), one commune-level
 * unit with the units merged into it, or one unit alone (`unitOnly`: what a row of the compliance table counts).
 */
export type ReportScope = { province: string } | { unit: string } | { unitOnly: string };

const scopeCode = (scope: ReportScope) => ("province" in scope ? scope.province : "unit" in scope ? scope.unit : scope.unitOnly);

const COMMUNE_LEVELS = sqlList(["commune", "ward", "special_zone"]);
/** Sessions that took place. */
export const HELD_SESSION_STATUSES = ["held", "results_published"] as const;
/**
 * A letter split into one petition per kind is counted as its parts (each received when the letter was, with its
 * own deadlines), never as well as them.
 */
const COUNTED = "p.status <> 'split'";
/** Waiting for the first step (acknowledgement). */
const AWAITING_ACKNOWLEDGEMENT = ["received", "transferred"] as const satisfies readonly PetitionStatus[];
/** Accepted and not yet answered. */
const AWAITING_ANSWER = ["accepted", "in_progress", "reopened"] as const satisfies readonly PetitionStatus[];

/**
 * `(WITH RECURSIVE scope(code) AS (…) SELECT code FROM scope)`: the scope's unit codes as a subquery for `IN`; its
 * single parameter is the province's or unit's code. (A subquery, not a leading WITH: every statement of a read
 * starts with SELECT, so the sign-in check may ride along with it — lib/database.ts.)
 */
function scopeCodes(scope: ReportScope): { sql: string; params: unknown[] } {
  if ("unitOnly" in scope) return { sql: `(SELECT code FROM units WHERE code = ? AND level IN (${COMMUNE_LEVELS}))`, params: [scope.unitOnly] };
  const base =
    "province" in scope
      ? `SELECT code FROM units WHERE province_code = ? AND level IN (${COMMUNE_LEVELS})`
      : `SELECT code FROM units WHERE code = ? AND level IN (${COMMUNE_LEVELS})`;
  return {
    sql: `(WITH RECURSIVE scope(code) AS (
      ${base}
      UNION
      SELECT u.code FROM units u JOIN scope s ON u.replaced_by = s.code WHERE u.level IN (${COMMUNE_LEVELS})
    ) SELECT code FROM scope)`,
    params: [scopeCode(scope)],
  };
}

// ---------------------------------------------------------------- units

export type ChainRow = { code: string; name: string; level: string; province_code: string; depth: number };

/** A unit and the units that replaced it, in order (depth 0 is the unit), as a subquery `(…) c` with one parameter. */
const CHAIN = `(WITH RECURSIVE chain(code, depth) AS (
    SELECT ?, 0
    UNION
    SELECT u.replaced_by, c.depth + 1 FROM units u JOIN chain c ON u.code = c.code WHERE u.replaced_by IS NOT NULL AND c.depth < 20
  ) SELECT code, depth FROM chain) c`;

/** The unit asked for and every unit that replaced it: its reach (a successor in the caller's province) and its policy's province. */
export function chainStatement(db: D1Database, code: string): D1PreparedStatement {
  return db.prepare(`SELECT u.code, u.name, u.level, u.province_code, c.depth FROM ${CHAIN} JOIN units u ON u.code = c.code ORDER BY c.depth`).bind(code);
}

/** The province whose policy judges a scope: the province asked for, or the province of the unit that stands for the unit today. */
function policyProvince(scope: ReportScope): SqlScalar {
  if ("province" in scope) return scope.province;
  return { subquery: `SELECT u.province_code FROM ${CHAIN} JOIN units u ON u.code = c.code ORDER BY c.depth DESC LIMIT 1`, params: [scopeCode(scope)] };
}

export function scopePolicyStatement(db: D1Database, scope: ReportScope): D1PreparedStatement {
  return policyRowsStatement(db, policyProvince(scope));
}
export type { PolicyRow };

/** The policies of every province the scope's units lie in: a session's results are due by its own province's policy. */
export function unitPoliciesStatement(db: D1Database, scope: ReportScope): D1PreparedStatement {
  const codes = scopeCodes(scope);
  return policyRowsOfProvincesStatement(db, { subquery: `SELECT DISTINCT province_code FROM units WHERE code IN ${codes.sql}`, params: codes.params });
}

export type ScopeUnitRow = {
  code: string;
  name: string;
  level: string;
  province_code: string;
  valid_from: string | null;
  valid_to: string | null;
  replaced_by: string | null;
};

export function scopeUnitsStatement(db: D1Database, scope: ReportScope): D1PreparedStatement {
  const codes = scopeCodes(scope);
  return db
    .prepare(
      `SELECT u.code, u.name, u.level, u.province_code, u.valid_from, u.valid_to, u.replaced_by FROM units u
       WHERE u.code IN ${codes.sql} ORDER BY u.name, u.code`,
    )
    .bind(...codes.params);
}

// ---------------------------------------------------------------- sessions

export type HeldSessionRow = {
  id: string;
  unit_code: string;
  province_code: string;
  unit_name: string;
  title: string;
  starts_at: string;
  status: string;
  short_notice: number;
  recorded_afterwards: number;
  results_published_at: string | null;
};

/** Held sessions of the scope starting within `[from, until)` (instants), by `dialogue_sessions_by_unit`. */
export function heldSessionsStatement(db: D1Database, scope: ReportScope, bounds: { from: string; until: string }): D1PreparedStatement {
  const codes = scopeCodes(scope);
  return db
    .prepare(
      `SELECT s.id, s.unit_code, s.province_code, u.name AS unit_name, s.title, s.starts_at, s.status, s.short_notice, s.recorded_afterwards,
         s.results_published_at
       FROM dialogue_sessions s JOIN units u ON u.code = s.unit_code
       WHERE s.unit_code IN ${codes.sql} AND s.starts_at >= ? AND s.starts_at < ? AND s.status IN (${sqlList(HELD_SESSION_STATUSES)})
       ORDER BY s.starts_at, s.id`,
    )
    .bind(...codes.params, bounds.from, bounds.until);
}

// ---------------------------------------------------------------- petitions

/** When a petition left intake (accepted, closed there, or sent to a body outside the system); null while it waits. */
const ACKNOWLEDGED_AT = `coalesce(p.accepted_at, CASE WHEN p.status IN (${sqlList(CLOSED_AT_INTAKE)}) OR p.to_body IS NOT NULL THEN p.closed_at END)`;
/** When the commune answered it; null until then (a reopened petition waits for a new answer). */
const ANSWERED_AT = `CASE WHEN p.status IN (${sqlList(ANSWERED_STATUSES)}) THEN coalesce(p.answered_at, p.closed_at) END`;
/**
 * `instant` fell on or before the local day `day` (Asia/Ho_Chi_Minh): before the next day's local midnight, which is
 * `day` at 17:00 UTC. Stored instants are ISO text of one format, so they compare as text — cheaper than `date()`
 * on every row of a province's year.
 */
const onOrBefore = (instant: string, day: string) => `${instant} < ${day} || 'T17:00:00.000Z'`;
const after = (instant: string, day: string) => `${instant} >= ${day} || 'T17:00:00.000Z'`;

/**
 * What each petition figure counts, as SQL over `petitions p` and `n.today` (the report's day): one definition
 * for the totals, the lists behind them and the tests' recomputation.
 * (A split letter counts as its parts.)
 * - acknowledged on time: left intake (accepted, returned, filed, marked duplicate, sent outside) by `acknowledge_by`;
 * - acknowledged late: left intake after it, or still waiting with `acknowledge_by` past;
 * - resolved on time / late: accepted petitions answered by `resolve_by` / after it, or still unanswered past it;
 * - overdue: still open (as the inbox counts it) with its current deadline past.
 */
export const PETITION_FIGURES = {
  received: "1",
  acknowledgedOnTime: `${ACKNOWLEDGED_AT} IS NOT NULL AND ${onOrBefore(ACKNOWLEDGED_AT, "p.acknowledge_by")}`,
  acknowledgedLate: `((${ACKNOWLEDGED_AT} IS NOT NULL AND ${after(ACKNOWLEDGED_AT, "p.acknowledge_by")})
    OR (${ACKNOWLEDGED_AT} IS NULL AND p.status IN (${sqlList(AWAITING_ACKNOWLEDGEMENT)}) AND p.acknowledge_by < n.today))`,
  resolvedOnTime: `p.resolve_by IS NOT NULL AND ${ANSWERED_AT} IS NOT NULL AND ${onOrBefore(ANSWERED_AT, "p.resolve_by")}`,
  resolvedLate: `p.resolve_by IS NOT NULL AND ((${ANSWERED_AT} IS NOT NULL AND ${after(ANSWERED_AT, "p.resolve_by")})
    OR (${ANSWERED_AT} IS NULL AND p.status IN (${sqlList(AWAITING_ANSWER)}) AND p.resolve_by < n.today))`,
  overdue: `p.status IN (${sqlList(OPEN_STATUSES)}) AND p.due_on < n.today`,
} as const satisfies Record<keyof PetitionTally, string>;
export type PetitionFigure = keyof typeof PETITION_FIGURES;
export const PETITION_FIGURE_NAMES = Object.keys(PETITION_FIGURES) as PetitionFigure[];

/** `CASE WHEN at < b1 THEN 0 WHEN at < b2 THEN 1 … END`: the segment of an instant between sorted boundaries. */
function segmentSql(column: string, boundaries: readonly string[]): { sql: string; params: string[] } {
  const inner = boundaries.slice(1, -1);
  if (inner.length === 0) return { sql: "0", params: [] };
  return { sql: `CASE ${inner.map((_, index) => `WHEN ${column} < ? THEN ${index}`).join(" ")} ELSE ${inner.length} END`, params: inner };
}

export type PetitionSegmentRow = { unit_code: string; segment: number } & PetitionTally;

/**
 * Per unit and segment of `[boundaries[0], boundaries[last])`, the petition figures of those received then
 * (by `petitions_by_unit_submitted`, one range per unit).
 */
export function petitionSegmentsStatement(db: D1Database, scope: ReportScope, boundaries: readonly string[], today: string): D1PreparedStatement {
  const codes = scopeCodes(scope);
  const segment = segmentSql("p.submitted_at", boundaries);
  const sums = PETITION_FIGURE_NAMES.map((name) => `sum(CASE WHEN ${PETITION_FIGURES[name]} THEN 1 ELSE 0 END) AS ${sqlName(name)}`).join(",\n  ");
  return db
    .prepare(
      `SELECT p.unit_code, ${segment.sql} AS segment,
  ${sums}
       FROM petitions p, (SELECT ? AS today) n
       WHERE p.unit_code IN ${codes.sql} AND p.submitted_at >= ? AND p.submitted_at < ? AND ${COUNTED}
       GROUP BY p.unit_code, segment`,
    )
    .bind(...segment.params, today, ...codes.params, boundaries[0], boundaries[boundaries.length - 1]);
}

/** Column aliases are the figure names themselves (camelCase, quoted) so rows read back as tallies. */
const sqlName = (name: string) => `"${name}"`;

export type PetitionBreakdownRow = { unit_code: string; segment: number; status: PetitionStatus; kind: PetitionKind | null; n: number };

/** Per unit, segment, status and kind: how many petitions (the dashboard's charts). */
export function petitionBreakdownStatement(db: D1Database, scope: ReportScope, boundaries: readonly string[]): D1PreparedStatement {
  const codes = scopeCodes(scope);
  const segment = segmentSql("p.submitted_at", boundaries);
  return db
    .prepare(
      `SELECT p.unit_code, ${segment.sql} AS segment, p.status, p.kind, count(*) AS n
       FROM petitions p
       WHERE p.unit_code IN ${codes.sql} AND p.submitted_at >= ? AND p.submitted_at < ? AND ${COUNTED}
       GROUP BY p.unit_code, segment, p.status, p.kind`,
    )
    .bind(...segment.params, ...codes.params, boundaries[0], boundaries[boundaries.length - 1]);
}

// ---------------------------------------------------------------- commitments

/**
 * What each commitment figure counts, as SQL over `commitments c` and `n.today`. A commitment belongs to the period
 * of the session it was made at (as a petition to the day it came in):
 * - done: reported done (`done_at` is the day it was);
 * - late: it missed its due day — flagged by the daily job, or still not done after its due day, or done after it
 *   (a commitment done late counts in both).
 */
export const COMMITMENT_FIGURES = {
  commitmentsDone: "c.status = 'done'",
  commitmentsLate: `(c.late = 1 OR (c.status <> 'done' AND c.due_on < n.today) OR (c.status = 'done' AND ${after("c.done_at", "c.due_on")}))`,
} as const satisfies Record<keyof CommitmentTally, string>;
export type CommitmentFigure = keyof typeof COMMITMENT_FIGURES;
export const COMMITMENT_FIGURE_NAMES = Object.keys(COMMITMENT_FIGURES) as CommitmentFigure[];

export type CommitmentSegmentRow = { unit_code: string; segment: number } & CommitmentTally;

/**
 * Per unit and segment of `[boundaries[0], boundaries[last])` over the day of the session they were made at, the
 * commitment figures (by `commitments_by_unit`, each session found by its key).
 */
export function commitmentSegmentsStatement(db: D1Database, scope: ReportScope, boundaries: readonly string[], today: string): D1PreparedStatement {
  const codes = scopeCodes(scope);
  const segment = segmentSql("s.starts_at", boundaries);
  const sums = COMMITMENT_FIGURE_NAMES.map((name) => `sum(CASE WHEN ${COMMITMENT_FIGURES[name]} THEN 1 ELSE 0 END) AS ${sqlName(name)}`).join(", ");
  return db
    .prepare(
      `SELECT c.unit_code, ${segment.sql} AS segment, ${sums}
       FROM commitments c JOIN dialogue_sessions s ON s.id = c.session_id, (SELECT ? AS today) n
       WHERE c.unit_code IN ${codes.sql} AND s.starts_at >= ? AND s.starts_at < ?
       GROUP BY c.unit_code, segment`,
    )
    .bind(...segment.params, today, ...codes.params, boundaries[0], boundaries[boundaries.length - 1]);
}

// ---------------------------------------------------------------- the lists behind the figures

export type FigurePetitionRow = {
  id: string;
  tracking_code: string;
  unit_code: string;
  province_code: string;
  unit_name: string;
  title: string;
  kind: PetitionKind | null;
  status: PetitionStatus;
  submitted_at: string;
  acknowledge_by: string;
  resolve_by: string | null;
  due_on: string;
};

export type PetitionListFilter = {
  figure: PetitionFigure;
  status?: PetitionStatus;
  /** A kind, or `unclassified` for none yet. */
  kind?: PetitionKind | "unclassified";
};

/** One page of the petitions a figure counts, in the order they came in, `limit + 1` rows (the extra says more follow). */
export function figurePetitionsStatement(
  db: D1Database,
  scope: ReportScope,
  bounds: { from: string; until: string },
  filter: PetitionListFilter,
  today: string,
  after: [string, string] | null,
  limit: number,
): D1PreparedStatement {
  const codes = scopeCodes(scope);
  const conditions = [COUNTED, `(${PETITION_FIGURES[filter.figure]})`];
  const params: unknown[] = [];
  if (filter.status) {
    conditions.push("p.status = ?");
    params.push(filter.status);
  }
  if (filter.kind === "unclassified") conditions.push("p.kind IS NULL");
  else if (filter.kind) {
    conditions.push("p.kind = ?");
    params.push(filter.kind);
  }
  if (after) {
    conditions.push("(p.submitted_at, p.id) > (?, ?)");
    params.push(...after);
  }
  return db
    .prepare(
      `SELECT p.id, p.tracking_code, p.unit_code, p.province_code, u.name AS unit_name, p.title, p.kind, p.status, p.submitted_at, p.acknowledge_by,
         p.resolve_by, p.due_on
       FROM petitions p JOIN units u ON u.code = p.unit_code, (SELECT ? AS today) n
       WHERE p.unit_code IN ${codes.sql} AND p.submitted_at >= ? AND p.submitted_at < ? AND ${conditions.join(" AND ")}
       ORDER BY p.submitted_at, p.id LIMIT ?`,
    )
    .bind(today, ...codes.params, bounds.from, bounds.until, ...params, limit + 1);
}

export type FigureCommitmentRow = {
  id: string;
  unit_code: string;
  province_code: string;
  unit_name: string;
  session_id: string;
  session_title: string;
  session_starts_at: string;
  description: string;
  owner_name: string | null;
  due_on: string;
  status: string;
  percent: number;
  done_at: string | null;
};

/** One page of the commitments a figure counts, by the day of their session, `limit + 1` rows. */
export function figureCommitmentsStatement(
  db: D1Database,
  scope: ReportScope,
  bounds: { from: string; until: string },
  figure: CommitmentFigure,
  today: string,
  after: [string, string] | null,
  limit: number,
): D1PreparedStatement {
  const codes = scopeCodes(scope);
  const keyset = after ? " AND (s.starts_at, c.id) > (?, ?)" : "";
  return db
    .prepare(
      `SELECT c.id, c.unit_code, c.province_code, u.name AS unit_name, c.session_id, s.title AS session_title, s.starts_at AS session_starts_at,
         c.description, coalesce(a.name, c.owner_name) AS owner_name, c.due_on, c.status, c.percent, c.done_at
       FROM commitments c JOIN dialogue_sessions s ON s.id = c.session_id JOIN units u ON u.code = c.unit_code
         LEFT JOIN accounts a ON a.id = c.owner_account_id, (SELECT ? AS today) n
       WHERE c.unit_code IN ${codes.sql} AND s.starts_at >= ? AND s.starts_at < ? AND (${COMMITMENT_FIGURES[figure]})${keyset}
       ORDER BY s.starts_at, c.id LIMIT ?`,
    )
    .bind(today, ...codes.params, bounds.from, bounds.until, ...(after ?? []), limit + 1);
}

// ---------------------------------------------------------------- the year-end review

export type ReviewItemRow = {
  id: string;
  session_id: string;
  position: number;
  question: string;
  answer: string | null;
  answered_on_spot: number;
  follow_up: "petition" | "commitment" | null;
  village_name: string | null;
  petition_status: PetitionStatus | null;
  petition_kind: PetitionKind | null;
  petition_resolve_by: string | null;
  petition_answered_at: string | null;
  commitment_description: string | null;
  commitment_owner: string | null;
  commitment_due_on: string | null;
  commitment_status: "open" | "in_progress" | "done" | null;
  commitment_percent: number | null;
  commitment_late: number | null;
  commitment_done_at: string | null;
};

/**
 * Every opinion raised at the scope's held sessions starting within `[from, until)`, with what followed it: the
 * follow-up petition's state, the commitment's. Who asked is left out (the village only): the review is about
 * what was done, not who asked.
 */
export function reviewItemsStatement(db: D1Database, scope: ReportScope, bounds: { from: string; until: string }): D1PreparedStatement {
  const codes = scopeCodes(scope);
  return db
    .prepare(
      `SELECT i.id, i.session_id, i.position, i.question, i.answer, i.answered_on_spot, i.follow_up, v.name AS village_name,
         p.status AS petition_status, p.kind AS petition_kind, p.resolve_by AS petition_resolve_by,
         CASE WHEN p.status IN (${sqlList(ANSWERED_STATUSES)}) THEN coalesce(p.answered_at, p.closed_at) END AS petition_answered_at,
         c.description AS commitment_description, coalesce(a.name, c.owner_name) AS commitment_owner, c.due_on AS commitment_due_on,
         c.status AS commitment_status, c.percent AS commitment_percent, c.late AS commitment_late, c.done_at AS commitment_done_at
       FROM dialogue_sessions s JOIN minutes_items i ON i.session_id = s.id
         LEFT JOIN villages v ON v.id = i.asked_by_village_id
         LEFT JOIN petitions p ON p.id = i.petition_id
         LEFT JOIN commitments c ON c.item_id = i.id
         LEFT JOIN accounts a ON a.id = c.owner_account_id
       WHERE s.unit_code IN ${codes.sql} AND s.starts_at >= ? AND s.starts_at < ? AND s.status IN (${sqlList(HELD_SESSION_STATUSES)})
       ORDER BY s.starts_at, s.id, i.position`,
    )
    .bind(...codes.params, bounds.from, bounds.until);
}
