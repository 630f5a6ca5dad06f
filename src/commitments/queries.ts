/** What the follow-up pages read, each page in one round trip (its statements in one `batch()`). */
import { type UnitOfficialRow, unitOfficialsStatement } from "../accounts/store";
import type { SessionUser } from "../auth/sessions";
import { categoriesStatement } from "../categories/store";
import { notFound } from "../lib/problem";
import { type AttendancePlaceRow, type AttendanceVillageRow, attendanceByPlaceStatement, attendanceByVillageStatement } from "../sessions/checkin-store";
import { toAttendance } from "../sessions/checkin-workflow";
import { type SessionListRow, sessionListStatement } from "../sessions/store";
import { toSessionView } from "../sessions/views";
import { loadSession } from "../sessions/workflow";
import { type UnitRow, unitStatement } from "../units/store";
import { type VillageRow, villagesStatement } from "../villages/store";
import { type ItemRow, itemsStatement, type MinutesRow, minutesStatement, type UnitFollowUpRow, unitFollowUpsStatement } from "./minutes-store";
import { minutesViewStatement } from "./minutes-workflow";
import { writesFollowUps } from "./rules";
import type { CommitmentListQuery } from "./schema";
import { type CommitmentEventRow, type CommitmentRow, commitmentEventsStatement, commitmentListStatement, commitmentStatement } from "./store";
import { toCommitmentView, toMinutesView } from "./views";
import { viewerOf } from "./workflow";

const COMMUNE_LEVELS = new Set(["commune", "ward", "special_zone"]);

/**
 * A session with its minutes and attendance. `official`: only the unit's officials and the province's supervisors
 * (the askers' names are in it, so the view is logged); otherwise anyone, once the results are published.
 */
async function sessionWithMinutes(db: D1Database, user: SessionUser | undefined, id: string, options: { official: boolean; requestId?: string }) {
  const audit = options.official && user ? [minutesViewStatement(db, user, id, options.requestId ?? "")] : [];
  const { parts, official, extra } = await loadSession(db, user, id, [
    minutesStatement(db, id),
    itemsStatement(db, id),
    attendanceByPlaceStatement(db, id),
    attendanceByVillageStatement(db, id),
    ...audit,
  ]);
  if (options.official && !official) throw notFound("session.not_found");
  if (!options.official && parts.row.status !== "results_published" && !official) throw notFound("session.not_found");
  const minutesRow = (extra[0].results[0] as MinutesRow | undefined) ?? null;
  return {
    session: toSessionView(parts, new Date().toISOString(), official && user ? { role: user.role } : undefined),
    minutes: toMinutesView(id, minutesRow, extra[1].results as ItemRow[], options.official),
    attendance: toAttendance(parts.row, extra[2].results as AttendancePlaceRow[], extra[3].results as AttendanceVillageRow[]),
    official,
  };
}

/** The printed record (biên bản): officials of the unit and supervisors of the province. */
export const recordData = (db: D1Database, user: SessionUser, id: string, requestId: string) => sessionWithMinutes(db, user, id, { official: true, requestId });

/** The results page and the printed results notice: everyone, once the results are published (officials earlier, as a preview). */
export const resultsData = (db: D1Database, user: SessionUser | undefined, id: string) => sessionWithMinutes(db, user, id, { official: false });

/** The minutes form: the minutes with names, and the choices (villages, officials, categories). */
export async function minutesFormData(db: D1Database, user: SessionUser, id: string, requestId: string) {
  const unitCode = user.unitCode ?? "";
  const { parts, official, extra } = await loadSession(db, user, id, [
    minutesStatement(db, id),
    itemsStatement(db, id),
    attendanceByPlaceStatement(db, id),
    attendanceByVillageStatement(db, id),
    villagesStatement(db, unitCode),
    unitOfficialsStatement(db, unitCode),
    categoriesStatement(db),
    minutesViewStatement(db, user, id, requestId),
  ]);
  if (!official || !writesFollowUps(user, parts.row.unit_code)) throw notFound("session.not_found");
  return {
    session: toSessionView(parts, new Date().toISOString(), { role: user.role }),
    minutes: toMinutesView(id, (extra[0].results[0] as MinutesRow | undefined) ?? null, extra[1].results as ItemRow[], true),
    items: extra[1].results as ItemRow[],
    attendance: toAttendance(parts.row, extra[2].results as AttendancePlaceRow[], extra[3].results as AttendanceVillageRow[]),
    villages: extra[4].results as VillageRow[],
    officials: extra[5].results as UnitOfficialRow[],
    categories: extra[6].results as { code: string; name: string }[],
  };
}

const UNIT_SESSIONS = 30;
const UNIT_FOLLOW_UPS = 500;

/** A commune's public promises: its sessions with results out (newest first) and every follow-up of them. */
export async function unitPromisesData(db: D1Database, unitCode: string) {
  const [units, sessions, followUps] = await db.batch<Record<string, unknown>>([
    unitStatement(db, unitCode),
    sessionListStatement(db, { unitCode }, { status: "results_published", viewer: null }, 200, null),
    unitFollowUpsStatement(db, unitCode, UNIT_FOLLOW_UPS),
  ]);
  const unit = units.results[0] as UnitRow | undefined;
  if (!unit || !COMMUNE_LEVELS.has(unit.level)) throw notFound("session.unit_not_found");
  const newestFirst = (sessions.results as SessionListRow[]).slice(0, 200).reverse().slice(0, UNIT_SESSIONS);
  return { unit, sessions: newestFirst, followUps: followUps.results as UnitFollowUpRow[] };
}

/** The officials' list of the unit's commitments (one round trip). */
export async function staffCommitmentsData(db: D1Database, user: SessionUser, query: CommitmentListQuery, after: [string, string] | null) {
  // Officials see their unit's; a supervisor the province's, or one commune of it.
  const scope = user.role === "supervisor" ? { provinceCode: user.provinceCode ?? "", unitCode: query.unit } : { unitCode: user.unitCode ?? "" };
  const filter = { ...scope, status: query.status, sessionId: query.session, late: query.late };
  const rows = (await commitmentListStatement(db, filter, viewerOf(user), query.limit, after).all<CommitmentRow>()).results;
  return { rows, items: rows.slice(0, query.limit).map((row) => toCommitmentView(row)) };
}

/** One commitment with its history, for the officials' page (which also offers the progress form). */
export async function staffCommitmentData(db: D1Database, user: SessionUser, id: string) {
  const [rows, events] = await db.batch<Record<string, unknown>>([commitmentStatement(db, id), commitmentEventsStatement(db, id)]);
  const row = rows.results[0] as CommitmentRow | undefined;
  const reach = row && (row.unit_code === user.unitCode || (user.role === "supervisor" && row.province_code === user.provinceCode));
  if (!row || !reach) throw notFound("commitment.not_found");
  return {
    commitment: toCommitmentView(row, events.results as CommitmentEventRow[]),
    events: events.results as CommitmentEventRow[],
    canReport: writesFollowUps(user, row.unit_code),
  };
}
