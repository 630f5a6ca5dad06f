/**
 * The lists behind the figures: every figure of a report or the dashboard links to the petitions or sessions it
 * counts, found with the very predicate that counted them (store.ts `PETITION_FIGURES`, rules.ts `sessionCounts`),
 * so a list and its figure never disagree. One round trip each, reach checked as for the reports.
 */
import type { SessionUser } from "../auth/sessions";
import { toCalendar } from "../holidays/store";
import { instantBounds, localDay } from "../lib/dates";
import { decodeCursorOrStart, encodeCursor } from "../lib/pagination";
import { notFound } from "../lib/problem";
import type { DayRange } from "./periods";
import { sessionCounts } from "./rules";
import type { CommitmentFigureQuery, PetitionFigureQuery, SessionFigureQuery } from "./schema";
import {
  type ChainRow,
  chainStatement,
  type FigureCommitmentRow,
  type FigurePetitionRow,
  figureCommitmentsStatement,
  figurePetitionsStatement,
  type HeldSessionRow,
  heldSessionsStatement,
  type PolicyRow,
  type ReportScope,
  unitPoliciesStatement,
} from "./store";
import { policiesByProvince, reachesReport, sessionHolidaysStatement, summaryRange, summaryScope, toHeldSession } from "./workflow";

export const LIST_PAGE_ROWS = 100;

type ListScope = { kind: "unit" | "province"; code: string; name: string; own: boolean };

function listScope(user: SessionUser, query: { unit?: string; province?: string; own?: string }) {
  const asked = summaryScope(user, query);
  // A commune official reads their own unit's lists, never a province's.
  if (asked.kind === "province" && (user.role === "commune_head" || user.role === "commune_staff")) throw notFound("report.not_found");
  const own = asked.kind === "unit" && query.own !== undefined;
  const scope: ReportScope = asked.kind === "province" ? { province: asked.code } : own ? { unitOnly: asked.code } : { unit: asked.code };
  return { asked, own, scope };
}

function checkReach(user: SessionUser, chain: ChainRow[], kind: "unit" | "province"): string {
  if (!reachesReport(user, chain, kind)) throw notFound("report.not_found");
  return chain[0].name;
}

export type PetitionList = { scope: ListScope; range: DayRange; rows: FigurePetitionRow[]; nextCursor: string | null };

/** The petitions a figure counts, a page of `LIST_PAGE_ROWS` at a time in the order they came in. */
export async function petitionFigureList(db: D1Database, user: SessionUser, query: PetitionFigureQuery, today = localDay()): Promise<PetitionList> {
  const { asked, own, scope } = listScope(user, query);
  const range = summaryRange(query, today);
  const after = decodeCursorOrStart(query.cursor, ["string", "string"]) as [string, string] | null;
  const [chain, petitions] = await db.batch<Record<string, unknown>>([
    chainStatement(db, asked.code),
    figurePetitionsStatement(db, scope, instantBounds(range), { figure: query.figure, status: query.status, kind: query.kind }, today, after, LIST_PAGE_ROWS),
  ]);
  const name = checkReach(user, chain.results as ChainRow[], asked.kind);
  const rows = petitions.results as FigurePetitionRow[];
  const page = rows.slice(0, LIST_PAGE_ROWS);
  const last = page[page.length - 1];
  return {
    scope: { ...asked, name, own },
    range,
    rows: page,
    nextCursor: rows.length > LIST_PAGE_ROWS && last ? encodeCursor([last.submitted_at, last.id]) : null,
  };
}

export type ListedSession = HeldSessionRow & { resultsDue: string };
export type SessionList = { scope: ListScope; range: DayRange; rows: ListedSession[] };

/** The held sessions a figure counts (a commune holds a handful a year: one page). */
export async function sessionFigureList(db: D1Database, user: SessionUser, query: SessionFigureQuery, today = localDay()): Promise<SessionList> {
  const { asked, own, scope } = listScope(user, query);
  const range = summaryRange(query, today);
  const [chain, sessions, policies, holidays] = await db.batch<Record<string, unknown>>([
    chainStatement(db, asked.code),
    heldSessionsStatement(db, scope, instantBounds(range)),
    unitPoliciesStatement(db, scope),
    sessionHolidaysStatement(db, range),
  ]);
  const name = checkReach(user, chain.results as ChainRow[], asked.kind);
  const byProvince = policiesByProvince(policies.results as PolicyRow[]);
  const calendar = toCalendar(holidays.results);
  const rows = (sessions.results as HeldSessionRow[])
    .map((row) => ({ row, session: toHeldSession(row, byProvince, calendar) }))
    .filter(({ session }) => sessionCounts(session, today).includes(query.figure))
    .map(({ row, session }) => ({ ...row, resultsDue: session.resultsDue }));
  return { scope: { ...asked, name, own }, range, rows };
}

export type CommitmentList = { scope: ListScope; range: DayRange; rows: FigureCommitmentRow[]; nextCursor: string | null };

/** The commitments a figure counts (made at the sessions of the range), a page at a time by their session's day. */
export async function commitmentFigureList(db: D1Database, user: SessionUser, query: CommitmentFigureQuery, today = localDay()): Promise<CommitmentList> {
  const { asked, own, scope } = listScope(user, query);
  const range = summaryRange(query, today);
  const after = decodeCursorOrStart(query.cursor, ["string", "string"]) as [string, string] | null;
  const [chain, commitments] = await db.batch<Record<string, unknown>>([
    chainStatement(db, asked.code),
    figureCommitmentsStatement(db, scope, instantBounds(range), query.figure, today, after, LIST_PAGE_ROWS),
  ]);
  const name = checkReach(user, chain.results as ChainRow[], asked.kind);
  const rows = commitments.results as FigureCommitmentRow[];
  const page = rows.slice(0, LIST_PAGE_ROWS);
  const last = page[page.length - 1];
  return {
    scope: { ...asked, name, own },
    range,
    rows: page,
    nextCursor: rows.length > LIST_PAGE_ROWS && last ? encodeCursor([last.session_starts_at, last.id]) : null,
  };
}
