import { env } from "cloudflare:test";

/**
 * Each report figure recomputed from the raw rows, written the plain way (row by row in JavaScript, no SQL
 * aggregates), so that the endpoints' SQL and rules are checked against an independent reading of API.md and
 * src/reports/store.ts `PETITION_FIGURES`.
 */

type PetitionRaw = {
  unit_code: string;
  status: string;
  kind: string | null;
  submitted_at: string;
  acknowledge_by: string;
  accepted_at: string | null;
  resolve_by: string | null;
  answered_at: string | null;
  closed_at: string | null;
  due_on: string;
  to_body: string | null;
};
type SessionRaw = {
  unit_code: string;
  status: string;
  starts_at: string;
  short_notice: number;
  recorded_afterwards: number;
  results_published_at: string | null;
};

type CommitmentRaw = { unit_code: string; session_starts_at: string; due_on: string; status: string; late: number; done_at: string | null };

export type Raw = { petitions: PetitionRaw[]; sessions: SessionRaw[]; commitments: CommitmentRaw[]; daysOff: Set<string>; workingDays: Set<string> };

/** Every petition and session of the given units, as stored. */
export async function rawRows(units: string[]): Promise<Raw> {
  const marks = units.map(() => "?").join(", ");
  const [petitions, sessions, commitments, holidays] = await env.DB.batch([
    env.DB.prepare(
      `SELECT unit_code, status, kind, submitted_at, acknowledge_by, accepted_at, resolve_by, answered_at, closed_at, due_on, to_body FROM petitions WHERE unit_code IN (${marks})`,
    ).bind(...units),
    env.DB.prepare(
      `SELECT unit_code, status, starts_at, short_notice, recorded_afterwards, results_published_at FROM dialogue_sessions WHERE unit_code IN (${marks})`,
    ).bind(...units),
    env.DB.prepare(
      `SELECT c.unit_code, s.starts_at AS session_starts_at, c.due_on, c.status, c.late, c.done_at FROM commitments c, dialogue_sessions s
       WHERE s.id = c.session_id AND c.unit_code IN (${marks})`,
    ).bind(...units),
    env.DB.prepare("SELECT date, kind FROM holidays"),
  ]);
  const days = holidays.results as { date: string; kind: string }[];
  return {
    petitions: petitions.results as PetitionRaw[],
    sessions: sessions.results as SessionRaw[],
    commitments: commitments.results as CommitmentRaw[],
    daysOff: new Set(days.filter((day) => day.kind !== "working_day").map((day) => day.date)),
    workingDays: new Set(days.filter((day) => day.kind === "working_day").map((day) => day.date)),
  };
}

/** The local day (UTC+7) of an instant. */
export const local = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export type Days = { from: string; to: string };
const within = (days: Days, day: string) => days.from <= day && day <= days.to;

export function petitionFigures(raw: Raw, units: string[], days: Days, today: string) {
  // A split letter is counted as its parts.
  const rows = raw.petitions.filter((row) => units.includes(row.unit_code) && within(days, local(row.submitted_at)) && row.status !== "split");
  const figures = { received: 0, acknowledgedOnTime: 0, acknowledgedLate: 0, resolvedOnTime: 0, resolvedLate: 0, overdue: 0 };
  const byStatus: Record<string, number> = {};
  const byKind: Record<string, number> = {};
  for (const row of rows) {
    figures.received++;
    byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
    byKind[row.kind ?? "unclassified"] = (byKind[row.kind ?? "unclassified"] ?? 0) + 1;
    const acknowledgedAt = row.accepted_at ?? (["returned", "filed", "duplicate"].includes(row.status) || row.to_body ? row.closed_at : null);
    if (acknowledgedAt && local(acknowledgedAt) <= row.acknowledge_by) figures.acknowledgedOnTime++;
    if (acknowledgedAt && local(acknowledgedAt) > row.acknowledge_by) figures.acknowledgedLate++;
    if (!acknowledgedAt && ["received", "transferred"].includes(row.status) && row.acknowledge_by < today) figures.acknowledgedLate++;
    const answeredAt = ["answered", "resolved", "escalated"].includes(row.status) ? (row.answered_at ?? row.closed_at) : null;
    if (row.resolve_by) {
      if (answeredAt && local(answeredAt) <= row.resolve_by) figures.resolvedOnTime++;
      if (answeredAt && local(answeredAt) > row.resolve_by) figures.resolvedLate++;
      if (!answeredAt && ["accepted", "in_progress", "reopened"].includes(row.status) && row.resolve_by < today) figures.resolvedLate++;
    }
    if (["received", "transferred", "accepted", "in_progress", "reopened"].includes(row.status) && row.due_on < today) figures.overdue++;
  }
  return { ...figures, byStatus, byKind };
}

/** Held sessions (every kind counts), recorded afterwards, short notice, results on time and late (recorded ones are not judged). */
export function sessionFigures(raw: Raw, units: string[], days: Days, today: string, resultsDays = 10) {
  const figures = { sessionsHeld: 0, recordedAfterwards: 0, shortNotice: 0, resultsOnTime: 0, resultsLate: 0 };
  for (const row of raw.sessions) {
    if (!units.includes(row.unit_code) || !["held", "results_published"].includes(row.status) || !within(days, local(row.starts_at))) continue;
    figures.sessionsHeld++;
    if (row.recorded_afterwards) {
      figures.recordedAfterwards++;
      continue;
    }
    if (row.short_notice) figures.shortNotice++;
    // The last day moves off a weekend or a day off (a working Saturday stays).
    let due = addDays(local(row.starts_at), resultsDays);
    const weekend = (day: string) => [0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay());
    while (!raw.workingDays.has(due) && (weekend(due) || raw.daysOff.has(due))) due = addDays(due, 1);
    if (row.results_published_at && local(row.results_published_at) <= due) figures.resultsOnTime++;
    else if (row.results_published_at || due < today) figures.resultsLate++;
  }
  return figures;
}

/** Held sessions of the units from `from` to `until` (local days, inclusive): what counts toward the year's minimum. */
export function heldCount(raw: Raw, units: string[], from: string, until: string): number {
  return raw.sessions.filter(
    (row) => units.includes(row.unit_code) && ["held", "results_published"].includes(row.status) && within({ from, to: until }, local(row.starts_at)),
  ).length;
}

/** Commitments made at sessions held on those days: done, and late (flagged, not done after the due day, or done after it). */
export function commitmentFigures(raw: Raw, units: string[], days: Days, today: string) {
  const figures = { commitmentsDone: 0, commitmentsLate: 0 };
  for (const row of raw.commitments) {
    if (!units.includes(row.unit_code) || !within(days, local(row.session_starts_at))) continue;
    if (row.status === "done") figures.commitmentsDone++;
    const missed = row.status === "done" ? row.done_at !== null && local(row.done_at) > row.due_on : row.due_on < today;
    if (row.late || missed) figures.commitmentsLate++;
  }
  return figures;
}
