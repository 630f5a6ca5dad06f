/**
 * The year-end review (the source article's review meeting): for one commune and year, every opinion raised at
 * that year's held sessions and what became of it — answered on the spot, a follow-up petition resolved or not, a
 * commitment done or late. One round trip (the unit's chain, its policy, the sessions, the opinions); no resident's
 * identity (who asked stays in the minutes; the village is kept).
 *
 * The year is the report year as the province policy cuts it (calendar, or 15/12–14/12 under cut-off periods),
 * and the commune's sessions include those of the units merged into it.
 */
import { COMMUNE_ROLES, type Role } from "../auth/roles";
import type { SessionUser } from "../auth/sessions";
import { instantBounds, localDay } from "../lib/dates";
import { invalid, notFound } from "../lib/problem";
import type { PetitionKind, PetitionStatus } from "../petitions/schema";
import { toPolicyRow } from "../policies/store";
import type { ReportPeriod } from "./periods";
import { type OpinionOutcome, opinionOutcome, reportPeriodOf, reviewFigures, type UnitRef } from "./rules";
import type { ReviewQuery } from "./schema";
import {
  type ChainRow,
  chainStatement,
  type HeldSessionRow,
  heldSessionsStatement,
  type PolicyRow,
  type ReviewItemRow,
  reviewItemsStatement,
  scopePolicyStatement,
} from "./store";
import { complianceRangesOf, reachesReport } from "./workflow";

export type ReviewOpinion = {
  id: string;
  position: number;
  question: string;
  village: string | null;
  answer: string | null;
  answeredOnSpot: boolean;
  outcome: OpinionOutcome;
  /** A commitment that missed its due day (flagged, not done after it, or done after it). */
  late: boolean;
  petition: { status: PetitionStatus; kind: PetitionKind | null; resolveBy: string | null; answeredOn: string | null } | null;
  commitment: {
    description: string;
    owner: string | null;
    dueOn: string;
    status: "open" | "in_progress" | "done";
    percent: number;
    doneOn: string | null;
  } | null;
};

export type ReviewSession = { id: string; title: string; day: string; unit: UnitRef; opinions: ReviewOpinion[] };

export type YearReview = {
  unit: UnitRef;
  year: number;
  period: { from: string; to: string; mode: ReportPeriod["mode"] };
  today: string;
  figures: ReturnType<typeof reviewFigures>;
  sessions: ReviewSession[];
};

const dayOf = (instant: string | null) => (instant ? localDay(new Date(instant)) : null);

function toOpinion(row: ReviewItemRow, today: string): ReviewOpinion {
  const commitment =
    row.follow_up === "commitment" && row.commitment_status && row.commitment_due_on
      ? {
          description: row.commitment_description ?? "",
          owner: row.commitment_owner,
          dueOn: row.commitment_due_on,
          status: row.commitment_status,
          percent: row.commitment_percent ?? 0,
          doneOn: dayOf(row.commitment_done_at),
        }
      : null;
  const { outcome, late } = opinionOutcome(
    {
      answeredOnSpot: row.answered_on_spot === 1,
      followUp: row.follow_up,
      petitionStatus: row.petition_status,
      commitment: commitment && { status: commitment.status, dueOn: commitment.dueOn, late: row.commitment_late === 1, doneAt: row.commitment_done_at },
    },
    today,
  );
  return {
    id: row.id,
    position: row.position,
    question: row.question,
    village: row.village_name,
    answer: row.answer,
    answeredOnSpot: row.answered_on_spot === 1,
    outcome,
    late,
    petition:
      row.follow_up === "petition" && row.petition_status
        ? { status: row.petition_status, kind: row.petition_kind, resolveBy: row.petition_resolve_by, answeredOn: dayOf(row.petition_answered_at) }
        : null,
    commitment,
  };
}

/** The commune asked for: a commune official's own by default; others name one. */
function unitAsked(user: SessionUser, query: ReviewQuery): string {
  if (query.unit) return query.unit;
  if ((COMMUNE_ROLES as readonly Role[]).includes(user.role) && user.unitCode) return user.unitCode;
  throw invalid([{ path: "unit", code: "report.unit_required" }]);
}

/** `GET /reports/review`: one commune's year of opinions and their outcomes. */
export async function yearReview(db: D1Database, user: SessionUser, query: ReviewQuery, today = localDay()): Promise<YearReview> {
  const code = unitAsked(user, query);
  const year = query.year ?? Number(today.slice(0, 4));
  const scope = { unit: code };
  // Sessions of the widest report year either cutting may give; the policy then says which year it is.
  const bounds = instantBounds(complianceRangesOf(year, "year").sessionDays);
  const [chain, policies, sessions, items] = await db.batch<Record<string, unknown>>([
    chainStatement(db, code),
    scopePolicyStatement(db, scope),
    heldSessionsStatement(db, scope, bounds),
    reviewItemsStatement(db, scope, bounds),
  ]);
  const chainRows = chain.results as ChainRow[];
  if (!reachesReport(user, chainRows, "unit")) throw notFound("report.not_found");
  const { year: period } = reportPeriodOf((policies.results as PolicyRow[]).map(toPolicyRow), year, "year");
  const byCode = new Map<string, ReviewSession>();
  for (const row of sessions.results as HeldSessionRow[]) {
    const day = localDay(new Date(row.starts_at));
    if (day < period.from || day > period.to) continue;
    byCode.set(row.id, { id: row.id, title: row.title, day, unit: { code: row.unit_code, name: row.unit_name }, opinions: [] });
  }
  for (const row of items.results as ReviewItemRow[]) byCode.get(row.session_id)?.opinions.push(toOpinion(row, today));
  const reviewed = [...byCode.values()];
  return {
    unit: { code: chainRows[0].code, name: chainRows[0].name },
    year,
    period: { from: period.from, to: period.to, mode: period.mode },
    today,
    figures: reviewFigures(reviewed.flatMap((session) => session.opinions)),
    sessions: reviewed,
  };
}
