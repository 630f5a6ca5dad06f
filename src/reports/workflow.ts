/**
 * Report use cases for the API, the pages and the daily job. Each report is ONE round trip: the scope's units,
 * policies, held sessions and petition figures come in one `batch()` (every statement finds the scope itself),
 * then the pure rules (rules.ts) judge. Nothing here writes D1.
 *
 * Reach: a supervisor reads their province and every unit merged into one of its units; a commune official their
 * unit and the units merged into it; an administrator everything. Anything else is 404.
 */
import { COMMUNE_ROLES, type Role } from "../auth/roles";
import type { SessionUser } from "../auth/sessions";
import { addDays, type Calendar } from "../holidays/rules";
import { holidaysStatement, toCalendar } from "../holidays/store";
import { instantBounds, localDay } from "../lib/dates";
import { invalid, notFound } from "../lib/problem";
import { policyInForce } from "../policies/rules";
import type { Policy } from "../policies/schema";
import { toPolicyRow } from "../policies/store";
import { RESULTS_HOLIDAY_WINDOW_DAYS, resultsDue } from "../sessions/rules";
import { type DayRange, type PeriodName, periodRange, type ReportPeriod } from "./periods";
import {
  addTallies,
  type CommitmentTally,
  type ComplianceItem,
  complianceItems,
  type HeldSession,
  NO_COMMITMENTS,
  NO_PETITIONS,
  type PetitionTally,
  reportPeriodOf,
  type ScopeUnit,
  type SessionTally,
  segmentBoundaries,
  segmentsOf,
  sessionTally,
  type UnitRef,
} from "./rules";
import type { ComplianceQuery, SummaryQuery } from "./schema";
import {
  type ChainRow,
  type CommitmentSegmentRow,
  chainStatement,
  commitmentSegmentsStatement,
  type HeldSessionRow,
  heldSessionsStatement,
  type PetitionBreakdownRow,
  type PetitionSegmentRow,
  type PolicyRow,
  petitionBreakdownStatement,
  petitionSegmentsStatement,
  type ReportScope,
  type ScopeUnitRow,
  scopePolicyStatement,
  scopeUnitsStatement,
  unitPoliciesStatement,
} from "./store";

const COMMUNE_LEVELS = new Set(["commune", "ward", "special_zone"]);
const isCommuneRole = (role: Role) => (COMMUNE_ROLES as readonly Role[]).includes(role);

// ---------------------------------------------------------------- loading

/** Everything a report reads, from one batch. */
export type ReportData = {
  /** The unit asked for (province or commune) and the units that replaced it, in order. */
  chain: ChainRow[];
  units: ScopeUnit[];
  /** The rows of the policy of the province that judges the report. */
  policies: Policy[];
  sessions: HeldSession[];
  sessionRows: HeldSessionRow[];
  boundaries: string[];
  petitionSegments: PetitionSegmentRow[];
  commitmentSegments: CommitmentSegmentRow[];
  breakdown: PetitionBreakdownRow[];
};

type LoadOptions = {
  /** The unit (province or commune) whose chain decides reach and names the report. */
  asked: string;
  scope: ReportScope;
  /** Held sessions of these days are read. */
  sessionDays: DayRange;
  /** Petition figures are read so that each of these ranges of days can be summed. */
  petitionRanges: DayRange[];
  breakdown?: boolean;
  today: string;
};

/** The statements of a report, in the order `readReportData` reads them back. */
function reportStatements(db: D1Database, options: LoadOptions): { statements: D1PreparedStatement[]; boundaries: string[] } {
  const boundaries = segmentBoundaries(options.petitionRanges.map((range) => instantBounds(range)));
  const statements = [
    chainStatement(db, options.asked),
    scopeUnitsStatement(db, options.scope),
    scopePolicyStatement(db, options.scope),
    unitPoliciesStatement(db, options.scope),
    heldSessionsStatement(db, options.scope, instantBounds(options.sessionDays)),
    petitionSegmentsStatement(db, options.scope, boundaries, options.today),
    sessionHolidaysStatement(db, options.sessionDays),
    commitmentSegmentsStatement(db, options.scope, boundaries, options.today),
  ];
  if (options.breakdown) statements.push(petitionBreakdownStatement(db, options.scope, boundaries));
  return { statements, boundaries };
}

const toScopeUnit = (row: ScopeUnitRow): ScopeUnit => ({
  code: row.code,
  name: row.name,
  validFrom: row.valid_from,
  validTo: row.valid_to,
  replacedBy: row.replaced_by,
});

/** The holidays among which the results of sessions held on these days fall due. */
export function sessionHolidaysStatement(db: D1Database, sessionDays: DayRange): D1PreparedStatement {
  return holidaysStatement(db, sessionDays.from, addDays(sessionDays.to, RESULTS_HOLIDAY_WINDOW_DAYS));
}

/** A held session with its results' due day, by the policy of its own province on its day (as its page shows it). */
export function toHeldSession(row: HeldSessionRow, policiesByProvince: Map<string, Policy[]>, holidays: Calendar): HeldSession {
  const day = localDay(new Date(row.starts_at));
  const policy = policyInForce(policiesByProvince.get(row.province_code) ?? [], day);
  return {
    id: row.id,
    unitCode: row.unit_code,
    day,
    shortNotice: row.short_notice === 1,
    recordedAfterwards: row.recorded_afterwards === 1,
    resultsDay: row.results_published_at ? localDay(new Date(row.results_published_at)) : null,
    resultsDue: resultsDue(row.starts_at, policy.resultsDays, holidays),
  };
}

/** Policy rows of several provinces, by province. */
export function policiesByProvince(rows: readonly PolicyRow[]): Map<string, Policy[]> {
  const byProvince = new Map<string, Policy[]>();
  for (const row of rows) byProvince.set(row.province_code, [...(byProvince.get(row.province_code) ?? []), toPolicyRow(row)]);
  return byProvince;
}

export async function loadReportData(db: D1Database, options: LoadOptions): Promise<ReportData> {
  const { statements, boundaries } = reportStatements(db, options);
  const [chain, units, policies, unitPolicies, sessions, petitions, holidays, commitments, breakdown] = await db.batch<Record<string, unknown>>(statements);
  const byProvince = policiesByProvince(unitPolicies.results as PolicyRow[]);
  const calendar = toCalendar(holidays.results);
  const sessionRows = sessions.results as HeldSessionRow[];
  return {
    chain: chain.results as ChainRow[],
    units: (units.results as ScopeUnitRow[]).map(toScopeUnit),
    policies: (policies.results as PolicyRow[]).map(toPolicyRow),
    sessions: sessionRows.map((row) => toHeldSession(row, byProvince, calendar)),
    sessionRows,
    boundaries,
    petitionSegments: petitions.results as PetitionSegmentRow[],
    commitmentSegments: commitments.results as CommitmentSegmentRow[],
    breakdown: (breakdown?.results ?? []) as PetitionBreakdownRow[],
  };
}

/** Each unit's petition figures over a range (a sum of the segments that make it up). */
export function petitionTallies(data: ReportData, range: DayRange): Map<string, PetitionTally> {
  const wanted = new Set(segmentsOf(data.boundaries, instantBounds(range)));
  const tallies = new Map<string, PetitionTally>();
  for (const row of data.petitionSegments) {
    if (!wanted.has(row.segment)) continue;
    const tally = tallies.get(row.unit_code) ?? { ...NO_PETITIONS };
    addTallies(tally, {
      received: row.received,
      acknowledgedOnTime: row.acknowledgedOnTime,
      acknowledgedLate: row.acknowledgedLate,
      resolvedOnTime: row.resolvedOnTime,
      resolvedLate: row.resolvedLate,
      overdue: row.overdue,
    });
    tallies.set(row.unit_code, tally);
  }
  return tallies;
}

/** Each unit's commitment figures over a range of session days (a sum of the segments that make it up). */
export function commitmentTallies(data: ReportData, range: DayRange): Map<string, CommitmentTally> {
  const wanted = new Set(segmentsOf(data.boundaries, instantBounds(range)));
  const tallies = new Map<string, CommitmentTally>();
  for (const row of data.commitmentSegments) {
    if (!wanted.has(row.segment)) continue;
    const tally = tallies.get(row.unit_code) ?? { ...NO_COMMITMENTS };
    addTallies(tally, { commitmentsDone: row.commitmentsDone, commitmentsLate: row.commitmentsLate });
    tallies.set(row.unit_code, tally);
  }
  return tallies;
}

/** Per unit: petitions by status and by kind (`unclassified` for none yet) over a range. */
export function petitionBreakdown(data: ReportData, range: DayRange) {
  const wanted = new Set(segmentsOf(data.boundaries, instantBounds(range)));
  const byStatus: Record<string, Record<string, number>> = {};
  const byKind: Record<string, Record<string, number>> = {};
  const count = (counts: Record<string, Record<string, number>>, unit: string, key: string, n: number) => {
    counts[unit] = { ...counts[unit], [key]: (counts[unit]?.[key] ?? 0) + n };
  };
  for (const row of data.breakdown) {
    if (!wanted.has(row.segment)) continue;
    count(byStatus, row.unit_code, row.status, row.n);
    count(byKind, row.unit_code, row.kind ?? "unclassified", row.n);
  }
  return { byStatus, byKind };
}

// ---------------------------------------------------------------- reach

/**
 * Whether the caller may read a report about `chain[0]`: a supervisor when it, or a unit that replaced it, lies in
 * their province; a commune official for their unit and the units merged into it (and their own province's
 * report, which shows them only their unit); an administrator always.
 */
export function reachesReport(user: SessionUser, chain: readonly ChainRow[], kind: "unit" | "province"): boolean {
  const asked = chain[0];
  if (!asked) return false;
  if (kind === "province" ? asked.level !== "province" : !COMMUNE_LEVELS.has(asked.level)) return false;
  if (user.role === "admin") return true;
  if (user.role === "supervisor") return chain.some((unit) => unit.province_code === user.provinceCode);
  if (kind === "unit") return chain.some((unit) => unit.code === user.unitCode);
  return chain.some((unit) => unit.code === user.provinceCode);
}

/** The province a report is about: the one asked for, else the caller's own; an administrator must name one. */
function provinceAsked(user: SessionUser, asked: string | undefined): string {
  const province = asked ?? user.provinceCode ?? undefined;
  if (!province) throw invalid([{ path: "province", code: "report.province_required" }]);
  return province;
}

/** A commune official reads reports about their own unit (and the units merged into it) only. */
function scopeFor(user: SessionUser, province: string): ReportScope {
  return isCommuneRole(user.role) ? { unit: user.unitCode ?? "" } : { province };
}

// ---------------------------------------------------------------- compliance

export type ComplianceReport = {
  province: UnitRef;
  year: number;
  periodName: PeriodName;
  period: { from: string; to: string; mode: ReportPeriod["mode"] };
  policy: Policy;
  today: string;
  items: ComplianceItem[];
};

/** The days whose sessions and petitions a compliance report of (year, period) may need, whichever way the province cuts periods. */
export function complianceRangesOf(year: number, period: PeriodName) {
  const calendar = periodRange(year, period, "calendar");
  const cutoff = periodRange(year, period, "cutoff");
  const cutoffYear = periodRange(year, "year", "cutoff");
  const lastDay = [calendar.to, cutoff.to].sort()[1];
  return { sessionDays: { from: cutoffYear.from, to: lastDay }, petitionRanges: [calendar, cutoff] };
}

/** Reads and judges a compliance report once the data is loaded (the job and the dashboard reuse it). */
export function complianceOf(data: ReportData, year: number, periodName: PeriodName, today: string) {
  const { period, year: reportYear, policy } = reportPeriodOf(data.policies, year, periodName);
  const items = complianceItems({
    units: data.units,
    sessions: data.sessions,
    petitions: petitionTallies(data, period),
    commitments: commitmentTallies(data, period),
    policy,
    period,
    reportYear,
    today,
  });
  return { period, reportYear, policy, items };
}

/** `GET /reports/compliance`: every commune of a province (a commune official: their own) judged for a period. */
export async function complianceReport(db: D1Database, user: SessionUser, query: ComplianceQuery, today = localDay()): Promise<ComplianceReport> {
  const provinceCode = provinceAsked(user, query.province);
  const year = query.year ?? Number(today.slice(0, 4));
  const data = await loadReportData(db, {
    asked: provinceCode,
    scope: scopeFor(user, provinceCode),
    ...complianceRangesOf(year, query.period),
    today,
  });
  if (!reachesReport(user, data.chain, "province")) throw notFound("report.not_found");
  const { period, policy, items } = complianceOf(data, year, query.period, today);
  return {
    province: { code: data.chain[0].code, name: data.chain[0].name },
    year,
    periodName: query.period,
    period: { from: period.from, to: period.to, mode: period.mode },
    policy,
    today,
    items,
  };
}

// ---------------------------------------------------------------- summary

export type SummaryReport = {
  scope: { kind: "unit" | "province"; code: string; name: string };
  period: DayRange;
  today: string;
  /** The province policy in force on the last day (how its report periods are cut). */
  policy: Policy;
  units: UnitRef[];
  sessions: SessionTally;
  petitions: PetitionTally & { byStatus: Record<string, number>; byKind: Record<string, number> };
  commitments: CommitmentTally;
};

/** The scope a summary is about: the unit or province asked for; by default a supervisor's province, a commune official's unit. */
export function summaryScope(user: SessionUser, query: Pick<SummaryQuery, "unit" | "province">): { kind: "unit" | "province"; code: string } {
  if (query.unit) return { kind: "unit", code: query.unit };
  if (query.province) return { kind: "province", code: query.province };
  if (isCommuneRole(user.role) && user.unitCode) return { kind: "unit", code: user.unitCode };
  if (user.role === "supervisor" && user.provinceCode) return { kind: "province", code: user.provinceCode };
  throw invalid([{ path: "province", code: "report.province_required" }]);
}

/** The summary's days: as asked, else from 1 January of the last day's year to today. */
export function summaryRange(query: Pick<SummaryQuery, "from" | "to">, today: string): DayRange {
  const to = query.to ?? today;
  return { from: query.from ?? `${to.slice(0, 4)}-01-01`, to };
}

/** Adds up the figures of a summary from loaded data (the summary page and its printable document reuse it). */
export function summaryOf(data: ReportData, range: DayRange, today: string): Omit<SummaryReport, "scope" | "period" | "today" | "policy"> {
  const petitions = { ...NO_PETITIONS };
  const tallies = petitionTallies(data, range);
  for (const tally of tallies.values()) addTallies(petitions, tally);
  const commitments = { ...NO_COMMITMENTS };
  const commitmentsByUnit = commitmentTallies(data, range);
  for (const tally of commitmentsByUnit.values()) addTallies(commitments, tally);
  const breakdown = petitionBreakdown(data, range);
  const sum = (records: Record<string, Record<string, number>>) => {
    const total: Record<string, number> = {};
    for (const counts of Object.values(records)) for (const [key, value] of Object.entries(counts)) total[key] = (total[key] ?? 0) + value;
    return total;
  };
  const inRange = data.units.filter(
    (unit) =>
      ((unit.validFrom ?? "") <= range.to && (unit.validTo ?? "9999") >= range.from) ||
      data.sessions.some((session) => session.unitCode === unit.code) ||
      tallies.has(unit.code) ||
      commitmentsByUnit.has(unit.code),
  );
  return {
    units: inRange.map((unit) => ({ code: unit.code, name: unit.name })),
    sessions: sessionTally(data.sessions, range, today),
    petitions: { ...petitions, byStatus: sum(breakdown.byStatus), byKind: sum(breakdown.byKind) },
    commitments,
  };
}

/** `GET /reports/summary`: a commune's or a province's figures over any range of days. */
export async function summaryReport(db: D1Database, user: SessionUser, query: SummaryQuery, today = localDay()): Promise<SummaryReport> {
  const asked = summaryScope(user, query);
  const range = summaryRange(query, today);
  if (asked.kind === "province" && isCommuneRole(user.role)) throw notFound("report.not_found");
  const scope: ReportScope = asked.kind === "unit" ? { unit: asked.code } : { province: asked.code };
  const data = await loadReportData(db, { asked: asked.code, scope, sessionDays: range, petitionRanges: [range], breakdown: true, today });
  if (!reachesReport(user, data.chain, asked.kind)) throw notFound("report.not_found");
  return {
    scope: { ...asked, name: data.chain[0].name },
    period: range,
    today,
    policy: policyInForce(data.policies, range.to),
    ...summaryOf(data, range, today),
  };
}
