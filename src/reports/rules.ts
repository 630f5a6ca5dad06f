/**
 * Compliance as pure rules: which period a report covers (the province policy's calendar or cut-off periods), what
 * the figures of a unit are, how merged units roll up, and whether a unit met its dialogue obligation. No I/O, no
 * clock: the workflow hands in the rows and today.
 *
 * The obligation (API.md, Province policy): at least `minSessionsPerYear` sessions held in the report year, by
 * the in-year deadline when the province sets one (the source article's province: within the first half-year),
 * else by the year's end. Short-notice and recorded-afterwards sessions count (and are shown as such). A period
 * is judged by the policy in force at its end, on the sessions of the year up to the period's end:
 * - `met` once enough sessions were held by the deadline (even before the period ends);
 * - `not_met` once the deadline has passed, within the period, without enough;
 * - `pending` otherwise (the period, or the deadline, has not ended).
 *
 * Mergers (the 2025 reform): records keep the unit they were made under, so a unit merged away reports its own
 * figures; its obligation for the year passes to the unit that replaced it, so each member of a merged group is
 * judged on the group's sessions together and every member shows the same status.
 */

import { localDay } from "../lib/dates";
import type { PetitionStatus } from "../petitions/schema";
import { policyForPeriod, policyInForce } from "../policies/rules";
import type { Policy } from "../policies/schema";
import { type DayRange, type PeriodName, periodRange, type ReportPeriod } from "./periods";

export const COMPLIANCE_STATUSES = ["met", "not_met", "pending"] as const;

/**
 * A petition the commune has answered: the resident's confirmation is not needed for the answer to count, and a
 * complaint or denunciation the resident took further (escalated) was answered here all the same.
 */
export const ANSWERED_STATUSES = ["answered", "resolved", "escalated"] as const satisfies readonly PetitionStatus[];
/** Petitions closed at intake: the acknowledgement is the closing (a transfer to a body outside the system too). */
export const CLOSED_AT_INTAKE = ["returned", "filed", "duplicate"] as const satisfies readonly PetitionStatus[];
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

/** A commune-level unit a report covers, with its validity and the unit that replaced it. */
export type ScopeUnit = {
  code: string;
  name: string;
  validFrom: string | null;
  validTo: string | null;
  replacedBy: string | null;
};

/** A held session as the figures need it (statuses `held` and `results_published`). */
export type HeldSession = {
  id: string;
  unitCode: string;
  /** The session's local day. */
  day: string;
  shortNotice: boolean;
  recordedAfterwards: boolean;
  /** The local day its results were published, or null. */
  resultsDay: string | null;
  /** The local day by which its results were due. */
  resultsDue: string;
};

/** What a unit's petitions received in a period come to (computed in SQL, see store.ts `PETITION_FIGURES`). */
export type PetitionTally = {
  received: number;
  acknowledgedOnTime: number;
  acknowledgedLate: number;
  resolvedOnTime: number;
  resolvedLate: number;
  overdue: number;
};

export type SessionTally = {
  sessionsHeld: number;
  recordedAfterwards: number;
  shortNotice: number;
  resultsOnTime: number;
  resultsLate: number;
};

export type CommitmentTally = { commitmentsDone: number; commitmentsLate: number };

export const NO_PETITIONS: PetitionTally = { received: 0, acknowledgedOnTime: 0, acknowledgedLate: 0, resolvedOnTime: 0, resolvedLate: 0, overdue: 0 };
export const NO_COMMITMENTS: CommitmentTally = { commitmentsDone: 0, commitmentsLate: 0 };

/**
 * The period of a report and the policy that judges it. The policy says whether periods are calendar or cut-off
 * ones, and the policy in force at the period's end judges it: the mode is read from the policy in force at the
 * calendar end of the period (the later of the two possible ends), the judging policy at the end of the period so
 * cut. `year` is the report year in the same mode (under cut-off, 15/12 of the year before to 14/12).
 */
export function reportPeriodOf(policies: readonly Policy[], year: number, period: PeriodName): { period: ReportPeriod; year: ReportPeriod; policy: Policy } {
  const mode = policyInForce(policies, periodRange(year, period, "calendar").to).reportPeriods;
  const range = periodRange(year, period, mode);
  return { period: range, year: periodRange(year, "year", mode), policy: policyForPeriod(policies, range) };
}

/**
 * The day by which the year's sessions must be held: the policy's in-year deadline (MM-DD) in that year — 29/02
 * in a common year is read as 28/02 — else the report year's last day; never after the report year's end.
 */
export function obligationDeadline(policy: Pick<Policy, "inYearDeadline">, reportYear: DayRange & { year: number }): string {
  if (!policy.inYearDeadline) return reportYear.to;
  const [month, day] = policy.inYearDeadline.split("-").map(Number);
  const year = reportYear.year;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const date = month === 2 && day === 29 && !leap ? 28 : day;
  const deadline = `${year}-${String(month).padStart(2, "0")}-${String(date).padStart(2, "0")}`;
  return [deadline, reportYear.to].sort()[0];
}

const inRange = (range: DayRange, day: string) => range.from <= day && day <= range.to;

/**
 * A unit's sessions in a range: held (every kind counts), recorded afterwards, short notice, results on time
 * and late. A session recorded afterwards was announced and reported before the commune used the product, so its
 * results are not judged here; for the others results are late once published after their due day, or not
 * published by a due day that has passed.
 */
export function sessionTally(sessions: readonly HeldSession[], range: DayRange, today: string): SessionTally {
  const tally: SessionTally = { sessionsHeld: 0, recordedAfterwards: 0, shortNotice: 0, resultsOnTime: 0, resultsLate: 0 };
  for (const session of sessions) {
    if (!inRange(range, session.day)) continue;
    for (const figure of sessionCounts(session, today)) tally[figure]++;
  }
  return tally;
}

/** The figures a held session counts toward (what `sessionTally` adds up, and the lists behind each figure show). */
export function sessionCounts(session: HeldSession, today: string): (keyof SessionTally)[] {
  if (session.recordedAfterwards) return ["sessionsHeld", "recordedAfterwards"];
  const counts: (keyof SessionTally)[] = ["sessionsHeld"];
  if (session.shortNotice) counts.push("shortNotice");
  if (session.resultsDay !== null && session.resultsDay <= session.resultsDue) counts.push("resultsOnTime");
  else if (session.resultsDay !== null || session.resultsDue < today) counts.push("resultsLate");
  return counts;
}

/** What judging a group needs: the sessions of its members, the policy and the year. */
export type Obligation = { required: number; deadline: string; counted: number };

/**
 * The obligation of a group of units for the year up to the period's end: how many, by when, how many held. A
 * group that came into being after the in-year deadline (a unit created by a merger on 1 July, with no unit merged
 * into it) has until the year's end.
 */
export function obligationOf(
  sessions: readonly HeldSession[],
  policy: Policy,
  reportYear: ReportPeriod,
  period: DayRange,
  groupStart: string | null = null,
): Obligation {
  const inYear = obligationDeadline(policy, reportYear);
  const deadline = groupStart !== null && groupStart > inYear ? reportYear.to : inYear;
  const countUntil = [deadline, period.to].sort()[0];
  const counted = sessions.filter((session) => session.day >= reportYear.from && session.day <= countUntil).length;
  return { required: policy.minSessionsPerYear, deadline, counted };
}

/** met / not_met / pending, as the header of this file says. `today`'s day has not ended yet. */
export function judge(obligation: Obligation, period: DayRange, today: string): ComplianceStatus {
  if (obligation.counted >= obligation.required) return "met";
  if (obligation.deadline <= period.to && obligation.deadline < today) return "not_met";
  return "pending";
}

const overlaps = (unit: Pick<ScopeUnit, "validFrom" | "validTo">, range: DayRange) =>
  (unit.validFrom === null || unit.validFrom <= range.to) && (unit.validTo === null || unit.validTo >= range.from);

/**
 * The merged groups among the units of a period: each unit rolls up, through `replacedBy`, to the last unit of
 * its chain that exists during the period (itself when its successor came later, or lies outside the report).
 * Returns each unit's group root.
 */
export function rollUpRoots(units: readonly ScopeUnit[], period: DayRange): Map<string, string> {
  const byCode = new Map(units.map((unit) => [unit.code, unit]));
  const roots = new Map<string, string>();
  for (const unit of units) {
    let root = unit;
    const seen = new Set([unit.code]);
    for (;;) {
      const next = root.replacedBy ? byCode.get(root.replacedBy) : undefined;
      if (!next || seen.has(next.code) || !overlaps(next, period)) break;
      seen.add(next.code);
      root = next;
    }
    roots.set(unit.code, root.code);
  }
  return roots;
}

export type UnitRef = { code: string; name: string };

export type ComplianceItem = SessionTally &
  CommitmentTally & {
    unit: UnitRef;
    petitionsReceived: number;
    acknowledgedOnTime: number;
    acknowledgedLate: number;
    resolvedOnTime: number;
    resolvedLate: number;
    overdue: number;
    status: ComplianceStatus;
    validFrom: string | null;
    validTo: string | null;
    /** The unit this one was merged into, whose obligation it shares (null when it is its group's own). */
    rollsUpTo: UnitRef | null;
    /** Units merged into this one that the period also covers. */
    mergedFrom: UnitRef[];
    /** The group's sessions held in the year by the deadline (or the period's end), the number required and the deadline. */
    sessionsCounted: number;
    sessionsRequired: number;
    deadline: string;
  };

export type ComplianceInput = {
  units: readonly ScopeUnit[];
  sessions: readonly HeldSession[];
  petitions: ReadonlyMap<string, PetitionTally>;
  commitments: ReadonlyMap<string, CommitmentTally>;
  policy: Policy;
  period: ReportPeriod;
  reportYear: ReportPeriod;
  today: string;
};

/**
 * One item per unit that existed during the period or has records in it, sorted by name: its own figures (what
 * was recorded under it) and the status of its merged group.
 */
export function complianceItems(input: ComplianceInput): ComplianceItem[] {
  const { period, today } = input;
  const hasRecords = new Set([
    ...input.sessions.filter((session) => inRange(period, session.day)).map((session) => session.unitCode),
    ...[...input.petitions.entries()].filter(([, tally]) => tally.received > 0).map(([code]) => code),
    ...[...input.commitments.entries()].filter(([, tally]) => tally.commitmentsDone + tally.commitmentsLate > 0).map(([code]) => code),
  ]);
  const units = input.units.filter((unit) => overlaps(unit, period) || hasRecords.has(unit.code));
  const roots = rollUpRoots(units, period);
  const byCode = new Map(units.map((unit) => [unit.code, unit]));
  const ref = (code: string): UnitRef => ({ code, name: byCode.get(code)?.name ?? code });
  const obligations = new Map<string, Obligation>();
  for (const root of new Set(roots.values())) {
    const group = units.filter((unit) => roots.get(unit.code) === root);
    const members = new Set(group.map((unit) => unit.code));
    const starts = group.map((unit) => unit.validFrom);
    const groupStart = starts.includes(null) ? null : (starts as string[]).sort()[0];
    obligations.set(
      root,
      obligationOf(
        input.sessions.filter((session) => members.has(session.unitCode)),
        input.policy,
        input.reportYear,
        period,
        groupStart,
      ),
    );
  }
  const items = units.map((unit): ComplianceItem => {
    const root = roots.get(unit.code) ?? unit.code;
    const obligation = obligations.get(root) as Obligation;
    const petitions = input.petitions.get(unit.code) ?? NO_PETITIONS;
    const commitments = input.commitments.get(unit.code) ?? NO_COMMITMENTS;
    return {
      unit: ref(unit.code),
      ...sessionTally(
        input.sessions.filter((session) => session.unitCode === unit.code),
        period,
        today,
      ),
      petitionsReceived: petitions.received,
      acknowledgedOnTime: petitions.acknowledgedOnTime,
      acknowledgedLate: petitions.acknowledgedLate,
      resolvedOnTime: petitions.resolvedOnTime,
      resolvedLate: petitions.resolvedLate,
      overdue: petitions.overdue,
      ...commitments,
      status: judge(obligation, period, today),
      validFrom: unit.validFrom,
      validTo: unit.validTo,
      rollsUpTo: root === unit.code ? null : ref(root),
      mergedFrom: units.filter((other) => other.code !== unit.code && roots.get(other.code) === unit.code).map((other) => ref(other.code)),
      sessionsCounted: obligation.counted,
      sessionsRequired: obligation.required,
      deadline: obligation.deadline,
    };
  });
  return items.sort((a, b) => a.unit.name.localeCompare(b.unit.name, "vi") || a.unit.code.localeCompare(b.unit.code));
}

/**
 * Deadlines met among those that have come: acknowledgements and resolutions on time over all that are done or
 * due; null when none has come yet. A whole percentage, for the dashboard.
 */
export function onTimeRate(tally: Pick<PetitionTally, "acknowledgedOnTime" | "acknowledgedLate" | "resolvedOnTime" | "resolvedLate">): number | null {
  const onTime = tally.acknowledgedOnTime + tally.resolvedOnTime;
  const all = onTime + tally.acknowledgedLate + tally.resolvedLate;
  return all === 0 ? null : Math.round((onTime / all) * 100);
}

/**
 * The boundaries that cut the instants of several ranges into segments (sorted, distinct): the SQL groups rows
 * by segment once, and each range is then a sum of whole segments.
 */
export function segmentBoundaries(ranges: readonly { from: string; until: string }[]): string[] {
  return [...new Set(ranges.flatMap((range) => [range.from, range.until]))].sort();
}

/** The segments (indexes between consecutive boundaries) that make up `range`. */
export function segmentsOf(boundaries: readonly string[], range: { from: string; until: string }): number[] {
  const segments: number[] = [];
  for (let index = 0; index < boundaries.length - 1; index++) {
    if (boundaries[index] >= range.from && boundaries[index + 1] <= range.until) segments.push(index);
  }
  return segments;
}

/** Adds tallies field by field. */
export function addTallies<T extends Record<string, number>>(into: T, more: T): T {
  for (const key of Object.keys(more) as (keyof T)[]) (into[key] as number) += more[key] as number;
  return into;
}

// ---------------------------------------------------------------- the year-end review

/**
 * What became of an opinion raised at a session (DOMAIN.md: every opinion is answered on the spot or becomes a
 * tracked item; the year-end review checks that they were resolved).
 */
export const OPINION_OUTCOMES = [
  "answered",
  "petition_resolved",
  "petition_closed",
  "petition_open",
  "commitment_done",
  "commitment_open",
  "not_followed",
] as const;
export type OpinionOutcome = (typeof OPINION_OUTCOMES)[number];

export type OpinionFacts = {
  answeredOnSpot: boolean;
  followUp: "petition" | "commitment" | null;
  petitionStatus: PetitionStatus | null;
  commitment: { status: "open" | "in_progress" | "done"; dueOn: string; late: boolean; doneAt: string | null } | null;
};

/**
 * A commitment missed its due day when the daily job flagged it, when it is still not done after that day, or when
 * it was done after it (the compliance figure `commitmentsLate` counts the same, in SQL).
 */
export function commitmentMissed(commitment: NonNullable<OpinionFacts["commitment"]>, today: string): boolean {
  if (commitment.late) return true;
  if (commitment.status === "done") return commitment.doneAt !== null && localDay(new Date(commitment.doneAt)) > commitment.dueOn;
  return commitment.dueOn < today;
}

/** An opinion's outcome, and whether its commitment missed its due day. A follow-up decides before the answer given. */
export function opinionOutcome(opinion: OpinionFacts, today: string): { outcome: OpinionOutcome; late: boolean } {
  if (opinion.followUp === "petition" && opinion.petitionStatus) {
    const status = opinion.petitionStatus;
    if ((ANSWERED_STATUSES as readonly string[]).includes(status)) return { outcome: "petition_resolved", late: false };
    if ((CLOSED_AT_INTAKE as readonly string[]).includes(status)) return { outcome: "petition_closed", late: false };
    return { outcome: "petition_open", late: false };
  }
  if (opinion.followUp === "commitment" && opinion.commitment) {
    const late = commitmentMissed(opinion.commitment, today);
    return { outcome: opinion.commitment.status === "done" ? "commitment_done" : "commitment_open", late };
  }
  return { outcome: opinion.answeredOnSpot ? "answered" : "not_followed", late: false };
}

/** The review's totals: opinions by what became of them, and those still waiting. */
export function reviewFigures(outcomes: readonly { outcome: OpinionOutcome; late: boolean }[]) {
  const count = (...kinds: OpinionOutcome[]) => outcomes.filter((entry) => kinds.includes(entry.outcome)).length;
  return {
    opinions: outcomes.length,
    answered: count("answered"),
    petitions: count("petition_resolved", "petition_closed", "petition_open"),
    petitionsResolved: count("petition_resolved"),
    petitionsClosed: count("petition_closed"),
    commitments: count("commitment_done", "commitment_open"),
    commitmentsDone: count("commitment_done"),
    commitmentsLate: outcomes.filter((entry) => entry.late).length,
    open: count("petition_open", "commitment_open", "not_followed"),
  };
}
