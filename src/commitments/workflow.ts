/**
 * Commitments' use cases: the lists and a commitment (public once the session's results are out; the unit's
 * officials and the province's supervisors from the start), progress reports by the unit's head and staff, and
 * the daily jobs — lateness flagged once, registrants' personal data erased when its time is up.
 */
import { auditStatement } from "../audit/store";
import type { SessionUser } from "../auth/sessions";
import { localDay } from "../lib/dates";
import { decodeCursor, toPage } from "../lib/pagination";
import { forbidden, notFound } from "../lib/problem";
import { eraseSessionAddressesStatement } from "../notifications/store";
import { eraseRegistrantsStatements, sessionsToEraseStatement } from "../sessions/erasure-store";
import { eraseAskersStatement } from "./minutes-store";
import { planProgress, writesFollowUps } from "./rules";
import type { CommitmentListQuery, CommitmentView, ProgressInput } from "./schema";
import {
  type CommitmentEventRow,
  type CommitmentRow,
  type CommitmentViewer,
  commitmentEventsStatement,
  commitmentListStatement,
  commitmentStatement,
  markLateStatements,
  progressStatements,
} from "./store";
import { toCommitmentView } from "./views";

/** Whose commitments a viewer sees before the results are out. */
export function viewerOf(user: SessionUser | undefined): CommitmentViewer {
  if ((user?.role === "commune_head" || user?.role === "commune_staff") && user.unitCode) return { unitCode: user.unitCode };
  if (user?.role === "supervisor" && user.provinceCode) return { provinceCode: user.provinceCode };
  return null;
}

/** Whether a viewer may see this commitment: public once the results are out, else its unit's officials and supervisors. */
function canSee(row: CommitmentRow, viewer: CommitmentViewer): boolean {
  if (row.session_status === "results_published") return true;
  if (!viewer) return false;
  return "unitCode" in viewer ? viewer.unitCode === row.unit_code : viewer.provinceCode === row.province_code;
}

/** `GET /commitments`: by due day, filtered by unit, status, session and lateness. One round trip. */
export async function listCommitments(db: D1Database, user: SessionUser | undefined, query: CommitmentListQuery) {
  const after = decodeCursor(query.cursor, 2) as [string, string] | null;
  const { results } = await commitmentListStatement(
    db,
    { unitCode: query.unit, status: query.status, sessionId: query.session, late: query.late },
    viewerOf(user),
    query.limit,
    after,
  ).all<CommitmentRow>();
  return toPage(
    results,
    query.limit,
    (row) => toCommitmentView(row),
    (row) => [row.due_on, row.id],
  );
}

/** `GET /commitments/:id`: with its history. One round trip; one not visible to the caller is 404. */
export async function readCommitment(db: D1Database, user: SessionUser | undefined, id: string): Promise<CommitmentView> {
  const [rows, events] = await db.batch<Record<string, unknown>>([commitmentStatement(db, id), commitmentEventsStatement(db, id)]);
  const row = rows.results[0] as CommitmentRow | undefined;
  if (!row || !canSee(row, viewerOf(user))) throw notFound("commitment.not_found");
  return toCommitmentView(row, events.results as CommitmentEventRow[]);
}

/** `POST /commitments/:id/progress`: the unit's head and staff; another unit's commitment is 404, a supervisor 403. */
export async function reportProgress(db: D1Database, user: SessionUser, id: string, input: ProgressInput, now = new Date().toISOString()) {
  const [rows] = await db.batch<Record<string, unknown>>([commitmentStatement(db, id)]);
  const row = rows.results[0] as CommitmentRow | undefined;
  const ownUnit = row?.unit_code === user.unitCode;
  const ownProvince = user.role === "supervisor" && row?.province_code === user.provinceCode;
  if (!row || !(ownUnit || ownProvince)) throw notFound("commitment.not_found");
  if (!writesFollowUps(user, row.unit_code)) throw forbidden("commitment.role_may_not");
  const plan = planProgress({ status: row.status, percent: row.percent }, input);
  const writes = [
    ...progressStatements(db, { id, unitCode: row.unit_code, ...plan, note: input.note, by: user.id, now }),
    auditStatement(
      db,
      { actorId: user.id, action: "commitment.progress", targetType: "commitment", targetId: id, detail: { status: plan.status, percent: plan.percent } },
      { afterChange: true },
    ),
  ];
  const results = await db.batch([...writes, commitmentStatement(db, id), commitmentEventsStatement(db, id)]);
  const current = results[writes.length].results[0] as CommitmentRow | undefined;
  if (!current) throw notFound("commitment.not_found");
  return toCommitmentView(current, results[writes.length + 1].results as CommitmentEventRow[]);
}

/** The daily job: commitments past their due day and not done are flagged late, once each. */
export async function markLateCommitments(env: { DB: D1Database }, now: Date): Promise<{ late: number }> {
  const [marked] = await env.DB.batch(markLateStatements(env.DB, localDay(now), now.toISOString()));
  return { late: marked.meta.changes };
}

/** Sessions erased per round of the erasure job, and at most this many rounds per run (the rest waits a day). */
const ERASE_PER_ROUND = 50;
const ERASE_ROUNDS = 10;

/**
 * The daily job: registrants' names, phones, emails and questions, the askers' names in the minutes and the
 * registrants' addresses in the outbox, blanked once a session's results (or cancellation) are older than the
 * province's `personalDataRetentionMonths`. Counts stay; each session once.
 */
export async function erasePersonalData(env: { DB: D1Database }, now: Date): Promise<{ sessions: number }> {
  const nowIso = now.toISOString();
  let sessions = 0;
  for (let round = 0; round < ERASE_ROUNDS; round++) {
    const { results } = await sessionsToEraseStatement(env.DB, localDay(now), nowIso, ERASE_PER_ROUND).all<{ id: string }>();
    if (results.length === 0) break;
    const ids = JSON.stringify(results.map((row) => row.id));
    await env.DB.batch([
      eraseAskersStatement(env.DB, ids),
      eraseSessionAddressesStatement(env.DB, ids, nowIso),
      ...eraseRegistrantsStatements(env.DB, ids, nowIso),
      auditStatement(env.DB, {
        actorId: null,
        action: "session.erase_personal_data",
        targetType: "dialogue_session",
        targetId: "*",
        detail: { sessions: results.map((row) => row.id) },
      }),
    ]);
    sessions += results.length;
    if (results.length < ERASE_PER_ROUND) break;
  }
  return { sessions };
}
