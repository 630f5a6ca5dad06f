/**
 * The minutes' use cases: officials of the unit write them during and after the session (`PUT …/minutes` and the
 * form), and read them. Saving is two round trips — the context, then one guarded batch with the minutes, the
 * items, the petitions and commitments that follow unanswered opinions, their history and the audit entry — and
 * a resend, however often and however concurrent, never makes a second petition or commitment for an opinion.
 */
import { type UnitOfficialRow, unitOfficialsStatement } from "../accounts/store";
import { auditStatement } from "../audit/store";
import type { SessionUser } from "../auth/sessions";
import { categoriesStatement } from "../categories/store";
import type { Calendar } from "../holidays/rules";
import { calendarFromStatement, toCalendar } from "../holidays/store";
import { formatDay, localDay } from "../lib/dates";
import { conflict, notFound } from "../lib/problem";
import { type FollowUpPetition, followUpPetitionStatements } from "../petitions/follow-up-store";
import { acknowledgement } from "../petitions/rules";
import { sessionAccess } from "../sessions/rules";
import { type SessionRow, sessionStatement } from "../sessions/store";
import type { TimeLimits } from "../time-limits/schema";
import { provinceOfUnit, timeLimitsStatement, toTimeLimits } from "../time-limits/store";
import { type VillageRow, villagesStatement } from "../villages/store";
import {
  type ItemRow,
  itemsStatement,
  type MinutesRow,
  minutesStatement,
  minutesWritten,
  removeItemsStatement,
  saveMinutesStatement,
  upsertItemsStatement,
} from "./minutes-store";
import { commitmentIdOf, followUpPetitionId, type KeptItem, newItemId, type PlannedItem, planMinutes } from "./rules";
import type { MinutesInput, MinutesView } from "./schema";
import { type CommitmentWrite, commitmentWrittenEventsStatement, upsertCommitmentsStatement } from "./store";
import { toMinutesView } from "./views";

/** How far past a session's day its follow-up petitions' acknowledgement may fall (the longest limit, with holidays). */
const ACKNOWLEDGE_HOLIDAY_WINDOW_DAYS = 120;
const TWO_HOURS_MS = 2 * 60 * 60 * 1000;
/** The session's local day (Asia/Ho_Chi_Minh), read inside the statement that needs it. */
const SESSION_DAY = (sessionId: string) => ({ subquery: "SELECT date(starts_at, '+7 hours') FROM dialogue_sessions WHERE id = ?", params: [sessionId] });

const keptOf = (rows: ItemRow[]): KeptItem[] =>
  rows.map((row) => ({ id: row.id, followUp: row.follow_up, petitionId: row.petition_id, commitmentId: row.commitment_id }));

/** A petition's title from the opinion: its first 200 characters. */
const titleOf = (question: string) => (question.length > 200 ? `${question.slice(0, 199)}…` : question);

/** The petitions the plan makes: ordinary petitions, received on the session's day, the asker named only if they said. */
async function followUpPetitions(
  items: PlannedItem[],
  session: SessionRow,
  context: { by: string; villages: VillageRow[]; calendar: Calendar; limits: TimeLimits },
) {
  const made = items.filter((item) => item.makePetition && item.petition);
  const receivedOn = localDay(new Date(session.starts_at));
  const sessionDay = formatDay(receivedOn);
  return Promise.all(
    made.map(
      async (item): Promise<FollowUpPetition & { itemId: string }> => ({
        itemId: item.id,
        id: await followUpPetitionId(item.id),
        unitCode: session.unit_code,
        provinceCode: session.province_code,
        category: item.petition?.category ?? "",
        kind: item.petition?.kind ?? "recommendation",
        title: titleOf(item.question),
        content: `Ý kiến tại hội nghị đối thoại “${session.title}” ngày ${sessionDay}:\n${item.question}`,
        askerName: item.askedBy?.name ?? null,
        askerVillage: item.askedBy?.name ? (context.villages.find((village) => village.id === item.askedBy?.villageId)?.name ?? null) : null,
        receivedAt: session.starts_at,
        receivedOn,
        acknowledge: acknowledgement(item.petition?.kind ?? "recommendation", false, receivedOn, context),
        createdBy: context.by,
      }),
    ),
  );
}

async function commitmentWrites(items: PlannedItem[]): Promise<CommitmentWrite[]> {
  return Promise.all(
    items
      .filter((item) => item.followUp === "commitment" && item.commitment)
      .map(async (item) => ({
        id: item.commitmentId ?? (await commitmentIdOf(item.id)),
        itemId: item.id,
        ownerAccountId: item.commitment?.owner.accountId ?? null,
        ownerName: item.commitment?.owner.accountId ? null : (item.commitment?.owner.name ?? null),
        description: item.commitment?.description ?? "",
        dueOn: item.commitment?.dueDate ?? "",
      })),
  );
}

/** `PUT /sessions/:id/minutes`: the whole minutes; 200 with every item's id. */
export async function saveMinutes(db: D1Database, user: SessionUser, sessionId: string, input: MinutesInput, options: { now?: string } = {}) {
  const now = options.now ?? new Date().toISOString();
  const unitCode = user.unitCode ?? "";
  const [sessions, minutesRows, itemRows, officials, villages, categories, holidays, limits] = await db.batch<Record<string, unknown>>([
    sessionStatement(db, sessionId),
    minutesStatement(db, sessionId),
    itemsStatement(db, sessionId),
    unitOfficialsStatement(db, unitCode),
    villagesStatement(db, unitCode),
    categoriesStatement(db),
    calendarFromStatement(db, SESSION_DAY(sessionId), ACKNOWLEDGE_HOLIDAY_WINDOW_DAYS),
    // The rules in force on the session's day, as for any petition received that day.
    timeLimitsStatement(db, provinceOfUnit(unitCode), SESSION_DAY(sessionId)),
  ]);
  const session = sessions.results[0] as SessionRow | undefined;
  if (!session || sessionAccess(user, session) !== "official") throw notFound("session.not_found");
  const minutes = minutesRows.results[0] as MinutesRow | undefined;
  const version = minutes?.version ?? 0;
  const ids = await Promise.all(input.items.map((item, position) => item.id ?? newItemId(sessionId, position, item.question)));
  const villageRows = villages.results as VillageRow[];
  const plan = planMinutes(input, ids, {
    session: { id: sessionId, status: session.status, startsAt: session.starts_at, unitCode: session.unit_code },
    user,
    now,
    version,
    kept: keptOf(itemRows.results as ItemRow[]),
    villages: new Set(villageRows.map((village) => village.id)),
    officials: new Set((officials.results as UnitOfficialRow[]).map((official) => official.id)),
    categories: new Set((categories.results as { code: string }[]).map((category) => category.code)),
  });

  const token = crypto.randomUUID();
  const guard = minutesWritten(sessionId, token);
  const petitions = await followUpPetitions(plan.items, session, {
    by: user.id,
    villages: villageRows,
    calendar: toCalendar(holidays.results),
    limits: toTimeLimits(limits.results),
  });
  const commitments = await commitmentWrites(plan.items);
  const writes = [
    saveMinutesStatement(db, {
      sessionId,
      token,
      version,
      attendance: input.attendance,
      summary: input.summary,
      secretary: input.secretary ?? null,
      frontRepresentative: input.frontRepresentative ?? null,
      by: user.id,
      now,
      opensBy: new Date(Date.parse(now) + TWO_HOURS_MS).toISOString(),
    }),
    // Petitions first: items point at them.
    ...followUpPetitionStatements(db, petitions, guard),
    upsertItemsStatement(db, sessionId, plan.items, new Map(petitions.map((petition) => [petition.itemId, petition.id])), now, guard),
    ...(plan.removed.length ? [removeItemsStatement(db, sessionId, plan.removed, guard)] : []),
    ...(commitments.length
      ? [
          upsertCommitmentsStatement(db, { id: sessionId, unitCode: session.unit_code, provinceCode: session.province_code }, commitments, user.id, now, guard),
          commitmentWrittenEventsStatement(
            db,
            commitments.map((commitment) => commitment.id),
            user.id,
            now,
            guard,
          ),
        ]
      : []),
    auditStatement(
      db,
      {
        actorId: user.id,
        action: "session.minutes",
        targetType: "dialogue_session",
        targetId: sessionId,
        detail: { version: version + 1, items: plan.items.length, removed: plan.removed.length, petitions: petitions.length, commitments: commitments.length },
      },
      { onlyIf: guard },
    ),
  ];
  const results = await db.batch([
    ...writes,
    db.prepare(`SELECT ${guard.sql} AS written`).bind(...guard.params),
    minutesStatement(db, sessionId),
    itemsStatement(db, sessionId),
    sessionStatement(db, sessionId),
  ]);
  const read = results.slice(writes.length);
  const current = read[1].results[0] as MinutesRow | undefined;
  if ((read[0].results[0] as { written: number }).written !== 1) {
    if ((current?.version ?? 0) !== version) throw conflict("minutes.stale", { version: current?.version ?? 0 });
    throw conflict("minutes.closed", { sessionStatus: (read[3].results[0] as SessionRow | undefined)?.status ?? session.status });
  }
  return toMinutesView(sessionId, current ?? null, read[2].results as ItemRow[], true);
}

/**
 * The audit entry of a view of the minutes with the askers' names, to ride in the read's own batch: written only
 * when the viewer is an official of the session's unit or a supervisor of its province.
 */
export function minutesViewStatement(db: D1Database, user: SessionUser, sessionId: string, requestId: string): D1PreparedStatement {
  const reach = user.role === "supervisor" ? { column: "province_code", value: user.provinceCode } : { column: "unit_code", value: user.unitCode };
  return auditStatement(
    db,
    { actorId: user.id, action: "session.view_minutes", targetType: "dialogue_session", targetId: sessionId, detail: { requestId } },
    { onlyIf: { sql: `EXISTS (SELECT 1 FROM dialogue_sessions WHERE id = ? AND ${reach.column} = ?)`, params: [sessionId, reach.value ?? ""] } },
  );
}

/** `GET /sessions/:id/minutes`: the unit's officials and the province's supervisors, with the askers' names (logged). */
export async function readMinutes(db: D1Database, user: SessionUser, sessionId: string, requestId: string): Promise<MinutesView> {
  const [sessions, minutes, items] = await db.batch<Record<string, unknown>>([
    sessionStatement(db, sessionId),
    minutesStatement(db, sessionId),
    itemsStatement(db, sessionId),
    minutesViewStatement(db, user, sessionId, requestId),
  ]);
  const session = sessions.results[0] as SessionRow | undefined;
  if (!session || sessionAccess(user, session) !== "official") throw notFound("session.not_found");
  return toMinutesView(sessionId, (minutes.results[0] as MinutesRow | undefined) ?? null, items.results as ItemRow[], true);
}
