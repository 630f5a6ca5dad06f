/** What the sessions' pages read, each page in one round trip (its statements in one `batch()`). */
import { type UnitOfficialRow, unitOfficialsStatement } from "../accounts/store";
import type { SessionUser } from "../auth/sessions";
import { addDays } from "../holidays/rules";
import { localDay } from "../lib/dates";
import { notFound } from "../lib/problem";
import { type OutboxRow, subjectNotificationsStatement, toNotificationView } from "../notifications/store";
import { type UnitRow, unitChoicesStatement, unitStatement } from "../units/store";
import { type VillageRow, villagesStatement } from "../villages/store";
import { type AttendancePlaceRow, type AttendanceVillageRow, attendanceByPlaceStatement, attendanceByVillageStatement } from "./checkin-store";
import { toAttendance } from "./checkin-workflow";
import { type DocketPetitionRow, type DocketRow, officialDocketStatement, openPetitionsStatement, publicDocketStatement } from "./docket-store";
import { type RegistrationRow, registrationsStatement } from "./registration-store";
import { registrationsViewStatement } from "./registration-workflow";
import { keepsDocket } from "./rules";
import { type SessionListRow, sessionListStatement, sessionUnitVillagesStatement } from "./store";
import { toSessionView } from "./views";
import { loadSession } from "./workflow";

const COMMUNE_LEVELS = new Set(["commune", "ward", "special_zone"]);

/** The unit a staff page is about: the official's own; a supervisor's choice within the province. 404 otherwise. */
export function staffUnitOf(user: SessionUser, requested: string | undefined): string {
  if (user.role === "commune_head" || user.role === "commune_staff") return user.unitCode ?? "";
  if (user.role === "supervisor" && requested) return requested;
  throw notFound("session.unit_not_found");
}

/** The head's month: the unit's sessions (drafts too) from the first to the last day of the month. */
export async function monthData(db: D1Database, user: SessionUser, unitCode: string, month: string) {
  const [year, monthNumber] = month.split("-").map(Number);
  const first = `${month}-01`;
  const lastDay = addDays(monthNumber === 12 ? `${year + 1}-01-01` : `${year}-${String(monthNumber + 1).padStart(2, "0")}-01`, -1);
  const viewer = user.role === "supervisor" ? { provinceCode: user.provinceCode ?? "" } : { unitCode };
  const [units, sessions] = await db.batch<Record<string, unknown>>([
    unitStatement(db, unitCode),
    sessionListStatement(db, { unitCode }, { from: first, to: lastDay, viewer }, 200, null),
  ]);
  const unit = units.results[0] as UnitRow | undefined;
  if (!unit || !COMMUNE_LEVELS.has(unit.level) || (user.role === "supervisor" && unit.province_code !== user.provinceCode))
    throw notFound("session.unit_not_found");
  return { unit, sessions: (sessions.results as SessionListRow[]).slice(0, 200), first, last: lastDay };
}

/** The booking form's choices: who may chair, and the audience villages. */
export async function bookingChoices(db: D1Database, unitCode: string) {
  const [officials, villages] = await db.batch<Record<string, unknown>>([unitOfficialsStatement(db, unitCode), villagesStatement(db, unitCode)]);
  return { officials: officials.results as UnitOfficialRow[], villages: villages.results as VillageRow[] };
}

/** The officials' session page: the session, registrations in arrival order (a view that is logged), the docket with names, petitions to add. */
const REGISTRATIONS_PER_PAGE = 100;

export async function staffSessionData(db: D1Database, user: SessionUser, id: string, requestId: string, afterQueueNo: number | null = null) {
  const { parts, official, extra } = await loadSession(db, user, id, [
    officialDocketStatement(db, id),
    openPetitionsStatement(db, user.unitCode ?? ""),
    registrationsStatement(db, id, REGISTRATIONS_PER_PAGE, afterQueueNo),
    registrationsViewStatement(db, user, id, requestId),
    subjectNotificationsStatement(db, { sessionId: id }),
    attendanceByPlaceStatement(db, id),
    attendanceByVillageStatement(db, id),
  ]);
  if (!official) throw notFound("session.not_found");
  const registrations = extra[2].results as RegistrationRow[];
  return {
    session: toSessionView(parts, new Date().toISOString(), { role: user.role }),
    registrations: registrations.slice(0, REGISTRATIONS_PER_PAGE),
    nextQueueNo: registrations.length > REGISTRATIONS_PER_PAGE ? registrations[REGISTRATIONS_PER_PAGE - 1].queue_no : null,
    docket: extra[0].results as DocketRow[],
    petitions: keepsDocket(user, parts.row.unit_code) ? (extra[1].results as DocketPetitionRow[]) : [],
    // Addresses in full are registrants' personal data: their view is the one logged by `registrationsViewStatement`.
    notifications: (extra[4].results as OutboxRow[]).map(toNotificationView),
    attendance: toAttendance(parts.row, extra[5].results as AttendancePlaceRow[], extra[6].results as AttendanceVillageRow[]),
  };
}

/** The edit page: the session and the booking form's choices (no personal data). */
export async function editSessionData(db: D1Database, user: SessionUser, id: string) {
  const { parts, official, extra } = await loadSession(db, user, id, [
    villagesStatement(db, user.unitCode ?? ""),
    unitOfficialsStatement(db, user.unitCode ?? ""),
  ]);
  if (!official) throw notFound("session.not_found");
  return {
    session: toSessionView(parts, new Date().toISOString(), { role: user.role }),
    villages: extra[0].results as VillageRow[],
    officials: extra[1].results as UnitOfficialRow[],
  };
}

/** The public session page: the session, its docket without names, and the commune's villages (for registering). */
export async function publicSessionData(db: D1Database, user: SessionUser | undefined, id: string) {
  const { parts, extra } = await loadSession(db, user, id, [publicDocketStatement(db, id), sessionUnitVillagesStatement(db, id)]);
  return {
    parts,
    session: toSessionView(parts, new Date().toISOString()),
    docket: extra[0].results as DocketRow[],
    villages: extra[1].results as VillageRow[],
  };
}

/** The public list: announced sessions from today, nationwide, in a province or in a commune, and the provinces to choose from. */
export async function publicListData(db: D1Database, scope: { unitCode?: string; provinceCode?: string }, after: [string, string] | null, limit = 30) {
  const today = localDay();
  const [provinces, sessions, units] = await db.batch<Record<string, unknown>>([
    unitChoicesStatement(db, { level: "province", day: today }),
    sessionListStatement(db, scope, { from: today, viewer: null }, limit, after),
    unitStatement(db, scope.unitCode ?? scope.provinceCode ?? ""),
  ]);
  return {
    provinces: provinces.results as { code: string; name: string }[],
    rows: sessions.results as SessionListRow[],
    scopeUnit: (units.results[0] as UnitRow | undefined) ?? null,
  };
}

/** The communes of a supervisor's province, by name: the calendar's chooser. */
export async function communesOfProvince(db: D1Database, user: SessionUser): Promise<{ code: string; name: string }[]> {
  const { results } = await unitChoicesStatement(db, { level: "commune_level", provinceCode: user.provinceCode ?? "", day: localDay() }).all<{
    code: string;
    name: string;
  }>();
  return results;
}
