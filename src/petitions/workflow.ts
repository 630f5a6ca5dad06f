/**
 * Petition use cases, shared by the JSON API and the server-rendered pages, and the only writer of petitions:
 * each loads what the pure rules need in one batch, applies them, and writes one guarded batch with its history,
 * audit and outbox entries inside. A read is one D1 round trip, a write at most two; what the answer does not wait
 * for (audit entries of reads, tracking snapshots, handing messages to the queue) goes to the background.
 */
import type { Account } from "../accounts/schema";
import { accountStatement, toAccount, toStoredAccounts, unitAccountsStatement } from "../accounts/store";
import { auditStatement } from "../audit/store";
import { canReach } from "../auth/access";
import { COMMUNE_ROLES, type Role } from "../auth/roles";
import type { SessionUser } from "../auth/sessions";
import type { Category } from "../categories/schema";
import { categoriesStatement, categoryStatement, toCategories } from "../categories/store";
import { addDays, type Calendar } from "../holidays/rules";
import { calendarStatement, deadlinesVersionStatement, toCalendar, versionOf } from "../holidays/store";
import type { Background } from "../lib/background";
import { sha256Hex } from "../lib/crypto";
import { localDay } from "../lib/dates";
import { decodeCursor, decodeCursorOrStart, toPage } from "../lib/pagination";
import { conflict, fieldError, forbidden, invalid, notFound, Problem } from "../lib/problem";
import type { SqlScalar } from "../lib/sql";
import { contactChannels, maskAddress, messagesForContact } from "../notifications/rules";
import type { Channel, NotificationKind, NotificationView, OutboxMessage, ResidentNotification } from "../notifications/schema";
import {
  type OutboxRow,
  outboxStatements,
  residentNotificationsStatement,
  subjectNotificationsStatement,
  toNotificationView,
  toResidentNotification,
} from "../notifications/store";
import { dispatch, type WaitUntil } from "../notifications/workflow";
import { type PolicyRow, policyStatement, toPolicy } from "../policies/store";
import { provinceOfUnit, timeLimitsStatement, toTimeLimits } from "../time-limits/store";
import { toUnit, toUnitChoices, type UnitChoice, type UnitRow, unitPickerStatement, unitStatement } from "../units/store";
import { checkPhotos, MAX_PHOTOS_ON_SUBMISSION, MAX_PHOTOS_PER_PETITION, photoKey } from "./photos";
import {
  type ActionPlan,
  ActionRefused,
  acknowledgement,
  allowedActions,
  canReceiveTransfer,
  canSeeIdentity,
  changesPublicView,
  inboxSearch,
  isCurrentCommune,
  planAction,
  planFeedback,
} from "./rules";
import { isPetitionId, type PetitionActionInput, type PetitionListQuery, type PetitionSubmission, type PublicPetition, parseTrackingCode } from "./schema";
import {
  addPhotosStatements,
  answeredOnOfPetition,
  applyPlan,
  attachmentStatement,
  attachmentsOf,
  countOf,
  DUPLICATE_CANDIDATES,
  duplicateCandidatesStatement,
  formatTrackingCode,
  type IdempotencyRecord,
  type InboxFilter,
  type InboxScope,
  idempotencyOf,
  idempotencyStatements,
  inboxStatement,
  insertPetition,
  type NewPetition,
  newPetition,
  newTrackingCode,
  type Petition,
  type PetitionKey,
  type PetitionSummary,
  type PlanExtras,
  petitionOf,
  petitionStatement,
  photoCountStatement,
  provinceOfPetition,
  publicRecordOf,
  publicRecordStatements,
  receivedOnOfPetition,
  recordOf,
  recordStatements,
  relatedPetitionsStatement,
  type Submitter,
  splitPartsStatements,
  submissionEvent,
  submitterOf,
  submitterStatement,
  summariesOf,
  unitOfPetition,
} from "./store";
import { readSnapshot, type TrackedView, writeSnapshot } from "./tracking";
import { attachmentView, detailView, factsOf, listItemView, type PetitionListItem, publicView, type RulesContext } from "./views";

const isCommuneRole = (role: Role) => (COMMUNE_ROLES as readonly Role[]).includes(role);
const isCommuneOfficial = (user: SessionUser) => isCommuneRole(user.role);

/** How far ahead deadlines may run: the longest period with extensions, with room to spare. */
const CALENDAR_AHEAD_DAYS = 800;

/** Where messages link to, and the request's `waitUntil` to hand them to the queue after the batch commits. */
export type Delivery = { origin: string; ctx: WaitUntil };

// ---------------------------------------------------------------- submission

/**
 * `anyBodyReplays`: the residents' form, whose key is the form's own — a key already used means the form was sent
 * before (then the resident went back and changed something): the answer is the petition it made, never a second.
 */
type SubmitOptions = { user?: SessionUser; idempotencyKey?: string; clientKey: string; photos: File[]; later: Background; anyBodyReplays?: boolean };
type SubmitResult = { created: boolean; petition: Petition };

/** A replay answers with the petition the key made; the same key with another body is refused (422) unless `anyBody`. */
function replayOrRefuse(record: IdempotencyRecord, bodyHash: string, anyBody = false): SubmitResult {
  if (record.bodyHash !== bodyHash && !anyBody) throw new Problem(422, "petition.idempotency_key_reused");
  if (!record.petition) throw new Error("the petition of an idempotency key is missing");
  return { created: false, petition: record.petition };
}

/** Everything a submission checks and computes with, and an earlier submission under its key, in one round trip. */
async function loadSubmissionContext(db: D1Database, input: PetitionSubmission, today: string, idempotencyKey: string | undefined) {
  const [unit, category, calendar, limits, version, ...replay] = await db.batch([
    unitStatement(db, input.unitCode),
    categoryStatement(db, input.category),
    calendarStatement(db, today, addDays(today, CALENDAR_AHEAD_DAYS)),
    // The rules in force today, the day it is received: it keeps them.
    timeLimitsStatement(db, provinceOfUnit(input.unitCode), today),
    deadlinesVersionStatement(db),
    ...(idempotencyKey ? idempotencyStatements(db, idempotencyKey) : []),
  ]);
  const unitRow = unit.results[0] as UnitRow | undefined;
  return {
    unit: unitRow ? toUnit(unitRow) : null,
    categoryExists: category.results.length > 0,
    calendar: toCalendar(calendar.results),
    limitRows: limits.results,
    calendarVersion: versionOf(version),
    replay: idempotencyKey ? idempotencyOf(replay) : null,
  };
}
type SubmissionContext = Awaited<ReturnType<typeof loadSubmissionContext>>;

/**
 * Submits a petition: online by a resident, or recorded by staff as a walk-in or letter (sổ tiếp công dân).
 * Two round trips: the context (with any earlier submission under the same key), then one guarded batch.
 */
export async function submitPetition(env: Env, input: PetitionSubmission, options: SubmitOptions): Promise<SubmitResult> {
  const { user } = options;
  if (input.channel !== "online") {
    if (!user || !isCommuneOfficial(user)) throw forbidden("petition.officials_record_walk_ins");
    if (user.unitCode !== input.unitCode) throw notFound("unit.not_found");
  }
  const checked = await checkPhotos(options.photos, MAX_PHOTOS_ON_SUBMISSION);
  if (checked.errors.length) throw invalid(checked.errors);
  const photoDigests = await Promise.all(checked.photos.map((photo) => crypto.subtle.digest("SHA-256", photo.bytes)));
  const bodyHash = await sha256Hex(JSON.stringify(input) + photoDigests.map((digest) => new Uint8Array(digest).join(",")).join("|"));

  const today = localDay();
  let context: SubmissionContext | undefined;
  // Replays are recognised before throttling: a phone retrying its own request is never refused for it.
  if (options.idempotencyKey) {
    context = await loadSubmissionContext(env.DB, input, today, options.idempotencyKey);
    if (context.replay) return replayOrRefuse(context.replay, bodyHash, options.anyBodyReplays);
  }
  if (!user) {
    const { success } = await env.SUBMIT_LIMITER.limit({ key: options.clientKey });
    if (!success) throw new Problem(429, "petition.too_many_submissions", { headers: { "retry-after": "60" } });
  }
  const { unit, categoryExists, calendar, limitRows, calendarVersion } = context ?? (await loadSubmissionContext(env.DB, input, today, undefined));
  const errors = [];
  if (!isCurrentCommune(unit, today)) errors.push(fieldError("unitCode", "petition.unit_unknown"));
  if (!categoryExists) errors.push(fieldError("category", "category.unknown"));
  if (errors.length || !unit) throw invalid(errors);

  const id = crypto.randomUUID();
  const photos = checked.photos.map((photo) => ({ ...photo, id: crypto.randomUUID() }));
  await Promise.all(photos.map((photo) => env.KV.put(photoKey(id, photo.id), photo.bytes, { metadata: { contentType: photo.contentType } })));
  const draft: Omit<NewPetition, "trackingCode"> = {
    id,
    input,
    unit: { code: unit.code, name: unit.name },
    provinceCode: unit.provinceCode,
    now: new Date().toISOString(),
    receivedOn: today,
    // The resident's label sets the first deadline; classification recomputes it.
    acknowledge: acknowledgement(input.kind ?? null, false, today, { calendar, limits: toTimeLimits(limitRows) }),
    createdBy: input.channel === "online" ? null : (user?.id ?? null),
    idempotency: options.idempotencyKey ? { key: options.idempotencyKey, bodyHash } : null,
    photos: photos.map((photo) => ({ id: photo.id, kvKey: photoKey(id, photo.id), contentType: photo.contentType, size: photo.bytes.length })),
  };
  const dropPhotos = () => Promise.all(photos.map((photo) => env.KV.delete(photoKey(id, photo.id))));
  let created = false;
  let record: NewPetition = { ...draft, trackingCode: "" };
  for (let attempt = 0; attempt < 3 && !created; attempt++) {
    try {
      record = { ...draft, trackingCode: newTrackingCode() };
      created = await insertPetition(env.DB, record);
      if (!created) break;
    } catch (error) {
      // A tracking-code collision (60 bits: practically never) fails the whole batch; try a new code.
      if (!String(error).includes("tracking_code") || attempt === 2) {
        await dropPhotos();
        throw error;
      }
    }
  }
  if (!created) {
    // Another request with the same key won the race (a third round trip, only then): drop our photos, answer as a replay.
    await dropPhotos();
    const [key, petition] = await env.DB.batch(idempotencyStatements(env.DB, options.idempotencyKey ?? ""));
    const replay = idempotencyOf([key, petition]);
    if (replay) return replayOrRefuse(replay, bodyHash, options.anyBodyReplays);
    throw new Error("the petition was not stored");
  }
  // The first snapshot is built from what was just written rather than read back. The answer does not need it:
  // until it lands, tracking reads D1.
  const petition = newPetition(record);
  options.later(() => writeSnapshot(env.KV, publicView(petition, [submissionEvent(record)], []), calendarVersion, calendar, today));
  return { created: true, petition };
}

// ---------------------------------------------------------------- tracking (public)

/** Per-client throttle of tracking lookups and feedback (the code is the only key to a petition's public view). */
export async function allowLookup(env: Env, clientKey: string): Promise<boolean> {
  return (await env.TRACK_LIMITER.limit({ key: clientKey })).success;
}

export const tooManyLookups = () => new Problem(429, "petition.too_many_lookups", { headers: { "retry-after": "60" } });

/** What a snapshot is built from, in one batch: the public record and the rules' context (calendar, feedback window). */
function publicBuildStatements(db: D1Database, trackingCode: string, today: string): D1PreparedStatement[] {
  const key = { trackingCode };
  return [...publicRecordStatements(db, key), ...rulesStatements(db, key, today)];
}
const PUBLIC_RECORD_STATEMENTS = 4;

/** The public view built from `publicBuildStatements`' results, its snapshot written in the background; null if none. */
function builtPublicView(env: Env, results: D1Result[], today: string, later: Background): TrackedView | null {
  const record = publicRecordOf(results.slice(0, PUBLIC_RECORD_STATEMENTS));
  const rules = rulesContextOf(results.slice(PUBLIC_RECORD_STATEMENTS));
  if (!record || !rules) return null;
  const view = publicView(record.petition, record.publicEvents, record.parts, factsOf(record.petition, rules).feedbackUntil);
  later(() => writeSnapshot(env.KV, view, record.calendarVersion, rules.calendar, today));
  return { view, calendar: rules.calendar };
}

/** The public view: from the KV snapshot, or from D1 (the truth, one round trip) when it is missing or stale. */
export async function readPublicView(env: Env, trackingCode: string, later: Background): Promise<PublicPetition | null> {
  const today = localDay();
  const cached = await readSnapshot(env.KV, trackingCode, today);
  if (cached) return cached.view;
  return builtPublicView(env, await env.DB.batch(publicBuildStatements(env.DB, trackingCode, today)), today, later)?.view ?? null;
}

/** Where the resident will be told of the petition's progress: each channel with its address masked. */
export type ResidentContact = { channel: Channel; address: string }[];

/**
 * The tracking page: the public view with its calendar, and what was sent to the resident (addresses masked), in one
 * round trip — the messages beside the snapshot, or beside the petition's public record when the snapshot must be
 * rebuilt. `contact` (the page after sending) adds where messages will go, masked: the code is the key to it.
 */
export async function readTrackingPage(
  env: Env,
  trackingCode: string,
  later: Background,
  options: { contact?: boolean } = {},
): Promise<(TrackedView & { messages: ResidentNotification[]; contact: ResidentContact }) | null> {
  const today = localDay();
  const cached = await readSnapshot(env.KV, trackingCode, today);
  const statements = [
    residentNotificationsStatement(env.DB, trackingCode),
    ...(options.contact ? [submitterStatement(env.DB, { trackingCode })] : []),
    ...(cached ? [] : publicBuildStatements(env.DB, trackingCode, today)),
  ];
  const [messages, ...rest] = await env.DB.batch(statements);
  const submitter = options.contact ? submitterOf(rest.shift() as D1Result) : null;
  const tracked = cached ?? builtPublicView(env, rest, today, later);
  if (!tracked) return null;
  const contact = submitter
    ? contactChannels(submitter, env.PHONE_CHANNEL).map(({ channel, address }) => ({ channel, address: maskAddress(channel, address) }))
    : [];
  return {
    ...tracked,
    messages: (messages.results as Pick<OutboxRow, "created_at" | "kind" | "channel" | "status" | "address">[]).map(toResidentNotification),
    contact,
  };
}

/** The earliest day a petition's deadlines count from: the calendar must reach back that far. */
const countsFrom = (key: PetitionKey, today: string): SqlScalar => {
  const column = "id" in key ? "id" : "tracking_code";
  const value = "id" in key ? key.id : key.trackingCode;
  return {
    subquery: `SELECT min(?, ack_from, coalesce(resolve_from, ack_from)) FROM petitions WHERE ${column} = ?`,
    params: [addDays(today, -30), value],
  };
};

/**
 * The statements of what the rules need about a petition: the calendar from its first counted day, the time limits
 * of its province in force on the day it was received (it keeps them, DOMAIN.md), and its province's policy in
 * force on the day it was answered (the resident's feedback window).
 */
function rulesStatements(db: D1Database, key: PetitionKey, today: string): D1PreparedStatement[] {
  return [
    calendarStatement(db, countsFrom(key, today), addDays(today, CALENDAR_AHEAD_DAYS)),
    timeLimitsStatement(db, provinceOfPetition(key), receivedOnOfPetition(key)),
    policyStatement(db, provinceOfPetition(key), answeredOnOfPetition(key, today)),
  ];
}

/**
 * The rules' context from the results of `rulesStatements`; null when the petition does not exist (its time limits
 * then come back without a day to choose by).
 */
function rulesContextOf([calendar, limits, policy]: D1Result[]): RulesContext | null {
  const rows = limits.results as { on_day: string | null }[];
  if (rows.length === 0 || rows[0].on_day === null) return null;
  return {
    calendar: toCalendar(calendar.results),
    limits: toTimeLimits(rows),
    feedbackWindowDays: toPolicy(policy.results as PolicyRow[]).feedbackWindowWorkingDays,
  };
}

/** Loads the petition an action or feedback is about, with its rules' context, its submitter and `more`. */
async function loadPlanContext(db: D1Database, key: PetitionKey, today: string, more: D1PreparedStatement[] = []) {
  const [petition, calendar, limits, policy, submitter, ...references] = await db.batch([
    petitionStatement(db, key),
    ...rulesStatements(db, key, today),
    // Read to address the messages this change may send; never shown.
    submitterStatement(db, key),
    ...more,
  ]);
  return { petition: petitionOf(petition), rules: rulesContextOf([calendar, limits, policy]), submitter: submitterOf(submitter), references };
}

/** The kinds of change a resident is told of (README, Notifications), by the state a change leads to. */
const NOTIFIED: Partial<Record<string, NotificationKind>> = { accepted: "petition.accepted", answered: "petition.answered", escalated: "petition.escalated" };

/**
 * The outbox rows of a change, for its guarded batch: one message per channel the submitter left, unique per
 * (petition version, recipient, channel) — a retried request makes no second message. A protected identity's
 * address is masked wherever the message is shown. None for an anonymous petition (no contact is stored).
 */
async function petitionMessages(
  db: D1Database,
  env: Env,
  petition: Petition,
  plan: ActionPlan,
  submitter: Submitter | null,
  delivery: Delivery | undefined,
): Promise<{ statements: D1PreparedStatement[]; ids: string[] }> {
  const kind = plan.changes.status ? NOTIFIED[plan.changes.status] : undefined;
  if (!kind || !submitter || !delivery) return { statements: [], ids: [] };
  const data = {
    unitName: petition.unit.name,
    trackingCode: formatTrackingCode(petition.trackingCode),
    ...(kind === "petition.accepted" && plan.changes.resolve ? { resolveBy: plan.changes.resolve.due } : {}),
  };
  const messages = messagesForContact(
    {
      kind,
      event: `petition:${petition.id}:v${petition.version + 1}`,
      recipient: "submitter",
      recipientRole: "submitter",
      protected: plan.changes.identityProtected ?? petition.identityProtected,
      unitCode: petition.unit.code,
      provinceCode: petition.provinceCode,
      petitionId: petition.id,
      accessCode: petition.trackingCode,
      linkPath: `/track/${petition.trackingCode}`,
      data,
    } as Omit<OutboxMessage, "channel" | "address">,
    submitter,
    env.PHONE_CHANNEL,
  );
  if (messages.length === 0) return { statements: [], ids: [] };
  // The rows follow a statement that wrote exactly one row if and only if the change was applied.
  return outboxStatements(db, messages, { origin: delivery.origin, afterGuardedWrite: true });
}

/**
 * The resident confirms the answer (resolved), or says it does not satisfy them: a recommendation or feedback is
 * reopened, a complaint or denunciation escalated (final here). The API and the page throttle it per client like
 * tracking lookups first. The snapshot is written before answering: the page that follows reads it.
 */
export async function giveFeedback(
  env: Env,
  trackingCode: string,
  feedback: { satisfied: boolean; comment?: string },
  options: { delivery?: Delivery } = {},
): Promise<PublicPetition> {
  const today = localDay();
  const { petition, rules, submitter } = await loadPlanContext(env.DB, { trackingCode }, today);
  if (!petition || !rules) throw notFound("petition.tracking_code_unknown");
  const now = new Date().toISOString();
  let plan: ActionPlan;
  try {
    plan = planFeedback(factsOf(petition, rules), feedback.satisfied, feedback.comment, { today, ...rules }, now);
  } catch (error) {
    if (error instanceof ActionRefused) throw conflict(error.code, { petitionStatus: petition.status }, error.params);
    throw error;
  }
  const outbox = await petitionMessages(env.DB, env, petition, plan, submitter, options.delivery);
  const reads = publicRecordStatements(env.DB, { id: petition.id });
  const { applied, after } = await applyPlan(
    env.DB,
    petition,
    plan,
    { at: now, actorId: null, actorKind: "resident" },
    { extras: { feedback: { satisfied: feedback.satisfied, comment: feedback.comment ?? null } }, after: [...outbox.statements, ...reads] },
  );
  const record = publicRecordOf(after.slice(outbox.statements.length));
  if (!applied || !record) throw conflict("petition.just_changed", { petitionStatus: record?.petition.status ?? petition.status });
  if (options.delivery) dispatch(env, options.delivery.ctx, outbox.ids);
  const view = publicView(record.petition, record.publicEvents, record.parts);
  await writeSnapshot(env.KV, view, record.calendarVersion, rules.calendar, today);
  return view;
}

// ---------------------------------------------------------------- reading (officials)

/** Who may see a petition: the handling unit's officials and the province's supervisors. */
const isVisible = (user: SessionUser, petition: PetitionSummary) =>
  user.role !== "admin" && canReach(user, { code: petition.unit.code, provinceCode: petition.provinceCode });

/** The petition if the user may see it; otherwise 404, whether or not it exists. */
function visibleOrNotFound<P extends PetitionSummary>(user: SessionUser, petition: P | null): P {
  if (!petition || !isVisible(user, petition)) throw notFound("petition.not_found");
  return petition;
}

/** Whose petitions the inbox shows by default: the supervisor's province, else the official's own unit. */
function ownInboxScope(user: SessionUser): InboxScope {
  return user.role === "supervisor" ? { provinceCode: user.provinceCode ?? "" } : { unitCode: user.unitCode ?? "" };
}

/** A page of the inbox; for a page (`withCategories`) also the categories of its filter and the calendar of its deadlines. */
type InboxPage = { items: PetitionListItem[]; nextCursor: string | null; categories: Category[]; calendar: Calendar; also: D1Result[] };

/**
 * One page of the inbox in one round trip (with the page's `also` statements, whose results come back as `also`), with the requested unit (checked against the caller's reach in the same
 * batch) and, for the page, the categories of its filter. Null when the unit does not exist or lies out of reach.
 * Pages pass `lenientCursor`: an old bookmark's cursor shows the first page instead of an error.
 */
export async function readInbox(
  db: D1Database,
  user: SessionUser,
  query: PetitionListQuery,
  options: { withCategories?: boolean; lenientCursor?: boolean; also?: D1PreparedStatement[] } = {},
): Promise<InboxPage | null> {
  const { limit, cursor, unit, dueWithinDays, ...filter } = query;
  const today = localDay();
  const after = (options.lenientCursor ? decodeCursorOrStart(cursor, 2) : decodeCursor(cursor, 2)) as [string, string] | null;
  const inboxFilter: InboxFilter = { ...filter, dueWithinWorkingDays: dueWithinDays };
  const scope = unit ? { unitCode: unit } : ownInboxScope(user);
  // The requested unit is read beside its petitions; they are dropped unread when it lies out of reach.
  const statements = [inboxStatement(db, scope, inboxFilter, today, limit, after, user)];
  const targetAt = unit ? statements.push(unitStatement(db, unit)) - 1 : -1;
  const categoriesAt = options.withCategories
    ? statements.push(categoriesStatement(db), calendarStatement(db, today, addDays(today, CALENDAR_AHEAD_DAYS))) - 2
    : -1;
  const alsoAt = statements.length;
  const results = await db.batch([...statements, ...(options.also ?? [])]);
  if (unit) {
    const targetRow = results[targetAt].results[0] as UnitRow | undefined;
    if (!targetRow || !canReach(user, toUnit(targetRow))) return null;
  }
  const rows = results[0];
  const page = toPage(
    summariesOf(rows),
    limit,
    (summary) => listItemView(summary, today),
    (summary) => [summary.dueOn, summary.id],
  );
  return {
    ...page,
    categories: categoriesAt < 0 ? [] : toCategories(results[categoriesAt].results),
    calendar: toCalendar(categoriesAt < 0 ? [] : results[categoriesAt + 1].results),
    also: results.slice(alsoAt),
  };
}

/** Logs that an official saw a submitter's identity; `inBatch` guards it to follow a change that was applied. */
function personalDataViewStatement(db: D1Database, user: SessionUser, petitionId: string, requestId: string, inBatch = false) {
  return auditStatement(
    db,
    { actorId: user.id, action: "petition.view_personal_data", targetType: "petition", targetId: petitionId, detail: { requestId } },
    { afterChange: inBatch },
  );
}

/** Loads a petition for an official: its record and rules in one batch with `more`; 404 outside their reach. */
async function loadForOfficial(env: Env, user: SessionUser, id: string, today: string, requestId: string, later: Background, more: D1PreparedStatement[]) {
  const base = [...recordStatements(env.DB, id), ...rulesStatements(env.DB, { id }, today)];
  const results = await env.DB.batch([...base, ...more]);
  const record = recordOf(results);
  const rules = rulesContextOf(results.slice(base.length - 3, base.length));
  if (!record || !rules || !isVisible(user, record.petition)) throw notFound("petition.not_found");
  const showIdentity = canSeeIdentity(
    { kind: record.petition.kind, identityProtected: record.petition.identityProtected, assignedTo: record.petition.assignee?.id ?? null },
    user,
  );
  if (showIdentity) later(() => personalDataViewStatement(env.DB, user, id, requestId).run());
  return { petition: detailView(record, user, showIdentity, today, rules), rules, more: results.slice(base.length) };
}

/**
 * The official's view of a petition in one round trip. The submitter is read in the same batch and shown only when
 * `canSeeIdentity` allows — the rule stays in one place. Each view of it is logged in the background: inside the
 * batch the audit INSERT would make it a write, which `lib/database` sends after the sign-in check on its own (two
 * round trips instead of one).
 */
export async function readPetition(
  env: Env,
  user: SessionUser,
  id: string,
  context: { requestId: string; later: Background },
): Promise<ReturnType<typeof detailView>> {
  return (await loadForOfficial(env, user, id, localDay(), context.requestId, context.later, [])).petition;
}

/** The communes a transfer's picker lists before a search narrows them. */
const TRANSFER_CHOICES = 50;
const COMMUNE_LEVELS = ["commune", "ward", "special_zone"] as const;

/** What an official's petition page shows besides the petition, read with it. */
export type PetitionPage = {
  petition: ReturnType<typeof detailView>;
  /** The calendar its deadlines count with, for "còn 3 ngày làm việc". */
  calendar: Calendar;
  categories: Category[];
  /** The unit's officials, to assign by name. */
  accounts: Account[];
  notifications: NotificationView[];
  /** The original it duplicates and the letter it was split from, by tracking code and title. */
  related: PetitionSummary[];
  /** A duplicate search's possible originals (null without a search), and whether there were more. */
  candidates: { items: PetitionSummary[]; more: boolean } | null;
  /** The communes a transfer may go to, for its picker. */
  communes: { choices: UnitChoice[]; more: boolean };
};

/**
 * An official's petition page in one round trip: the petition and what its forms offer — the unit's officials,
 * the communes of a transfer's picker (`transferSearch`, keeping `transferChosen`), the originals a duplicate search
 * finds (`duplicateSearch`: a tracking code or words of the title) — and what was sent about it.
 */
export async function readPetitionPage(
  env: Env,
  user: SessionUser,
  id: string,
  context: { requestId: string; later: Background; duplicateSearch?: string; transferSearch?: string; transferChosen?: string },
): Promise<PetitionPage> {
  const today = localDay();
  const db = env.DB;
  const duplicateSearch = context.duplicateSearch?.trim().slice(0, 100);
  const searchable = !!duplicateSearch && inboxSearchable(duplicateSearch);
  const more = [
    categoriesStatement(db),
    unitAccountsStatement(db, unitOfPetition({ id })),
    subjectNotificationsStatement(db, { petitionId: id }),
    relatedPetitionsStatement(db, id),
    unitPickerStatement(db, {
      q: context.transferSearch?.trim().slice(0, 100),
      levels: COMMUNE_LEVELS,
      onDay: today,
      include: context.transferChosen,
      limit: TRANSFER_CHOICES,
    }),
    ...(searchable ? [duplicateCandidatesStatement(db, id, duplicateSearch)] : []),
  ];
  const loaded = await loadForOfficial(env, user, id, today, context.requestId, context.later, more);
  const [categories, accounts, notifications, related, communes, candidates] = loaded.more;
  const found = candidates ? summariesOf(candidates) : null;
  return {
    petition: loaded.petition,
    calendar: loaded.rules.calendar,
    categories: toCategories(categories.results),
    accounts: toStoredAccounts(accounts).map(toAccount),
    notifications: (notifications.results as OutboxRow[]).map(toNotificationView),
    related: summariesOf(related),
    candidates: found ? { items: found.slice(0, DUPLICATE_CANDIDATES), more: found.length > DUPLICATE_CANDIDATES } : null,
    communes: toUnitChoices(communes, TRANSFER_CHOICES),
  };
}

/** Whether a duplicate search has anything to look for (a code, or a word). */
const inboxSearchable = (q: string) => {
  const search = inboxSearch(q);
  return "trackingCode" in search || search.words.length > 0;
};

// ---------------------------------------------------------------- handling (officials)

/** `of` of `mark_duplicate`: a petition id, or a tracking code as people type it. */
function duplicateKey(of: string): { id: string } | { trackingCode: string } | null {
  if (isPetitionId(of)) return { id: of };
  const trackingCode = parseTrackingCode(of);
  return trackingCode ? { trackingCode } : null;
}

/** What an action refers to (the receiving unit, the original, the assignee), read with the action's context. */
function referenceStatements(db: D1Database, input: PetitionActionInput): D1PreparedStatement[] {
  if (input.action === "transfer" && input.toUnitCode) return [unitStatement(db, input.toUnitCode)];
  if (input.action === "mark_duplicate") {
    const key = duplicateKey(input.of);
    if (!key) throw invalid([fieldError("of", "petition.original_unknown")]);
    return [petitionStatement(db, key)];
  }
  if (input.action === "assign") return [accountStatement(db, input.accountId)];
  return [];
}

/**
 * Checks the references against the petition's unit and completes the input with what was found: a transfer
 * also moves the petition to the target's province; a duplicate's `of` becomes the original's id; an assignment's
 * history entry names the assignee.
 */
function checkReferences(
  petition: Petition,
  input: PetitionActionInput,
  [reference]: D1Result[],
  today: string,
): { input: PetitionActionInput; extras: PlanExtras; note?: string } {
  if (input.action === "transfer" && input.toUnitCode) {
    const row = reference.results[0] as UnitRow | undefined;
    const target = row ? toUnit(row) : null;
    if (!target || !canReceiveTransfer(target, petition.unit.code, today)) throw invalid([fieldError("toUnitCode", "petition.receiving_unit_invalid")]);
    return { input, extras: { provinceCode: target.provinceCode } };
  }
  if (input.action === "mark_duplicate") {
    const original = petitionOf(reference);
    if (!original || original.unit.code !== petition.unit.code) throw invalid([fieldError("of", "petition.original_unknown")]);
    return { input: { ...input, of: original.id }, extras: {} };
  }
  if (input.action === "assign") {
    const [account] = toStoredAccounts(reference);
    if (!account || account.unitCode !== petition.unit.code || account.disabled || !isCommuneRole(account.role)) {
      throw invalid([fieldError("accountId", "petition.assignee_invalid")]);
    }
    return { input, extras: {}, note: account.name };
  }
  return { input, extras: {} };
}

const stateOf = (petition: Petition, user: SessionUser, rules: RulesContext, today: string) => ({
  allowedActions: allowedActions(factsOf(petition, rules), user.role, today),
  petitionStatus: petition.status,
  version: petition.version,
});

/**
 * Takes an official's action on a petition: role, unit, state and version checked; exactly one of racing actions
 * wins. Two round trips: the context, then the guarded change with its history entry, the audit entry of the
 * identity the answer shows, the messages it sends, the parts of a split — and the petition as it now is — all in
 * one batch. The tracking snapshot is refreshed in the background when the public view changed, and the messages
 * go to the queue after the batch commits. `answer: false` (a page that redirects) shows no identity.
 */
export async function performAction(
  env: Env,
  user: SessionUser,
  id: string,
  rawInput: PetitionActionInput,
  context: { requestId: string; later: Background; answer?: boolean; delivery?: Delivery },
): Promise<ReturnType<typeof detailView>> {
  if (!isCommuneOfficial(user)) throw forbidden("petition.officials_act");
  const today = localDay();
  const loaded = await loadPlanContext(env.DB, { id }, today, referenceStatements(env.DB, rawInput));
  const petition = visibleOrNotFound(user, loaded.petition);
  const rules = loaded.rules;
  if (!rules) throw notFound("petition.not_found");
  if (rawInput.version !== undefined && rawInput.version !== petition.version) throw conflict("petition.stale", stateOf(petition, user, rules, today));
  const { input, extras, note } = checkReferences(petition, rawInput, loaded.references, today);
  const now = new Date().toISOString();
  let plan: ActionPlan;
  try {
    plan = planAction(factsOf(petition, rules), input, { role: user.role, today, ...rules }, now);
  } catch (error) {
    if (!(error instanceof ActionRefused)) throw error;
    if (error.status === 403) throw forbidden(error.code);
    throw conflict(error.code, stateOf(petition, user, rules, today), error.params);
  }
  if (note !== undefined) plan.event.note = note;

  const identityProtected = plan.changes.identityProtected ?? petition.identityProtected;
  const showIdentity =
    context.answer !== false &&
    canSeeIdentity({ kind: plan.changes.kind ?? petition.kind, identityProtected, assignedTo: plan.changes.assignedTo ?? petition.assignee?.id ?? null }, user);
  const outbox = await petitionMessages(env.DB, env, petition, plan, loaded.submitter, context.delivery);
  const actor = { at: now, actorId: user.id, actorKind: "official" as const };
  const parts = (plan.parts ?? []).map((part) => ({ ...part, id: crypto.randomUUID(), trackingCode: newTrackingCode() }));
  // Order matters: each write follows a statement that wrote exactly one row if and only if the change was
  // applied — the audit entry follows the history entry, the outbox rows or the parts (never both: a split sends no
  // message) follow either of them — and the reads come last.
  const writes = [
    ...(showIdentity ? [personalDataViewStatement(env.DB, user, id, context.requestId, true)] : []),
    ...outbox.statements,
    ...splitPartsStatements(env.DB, petition, parts, actor, identityProtected),
  ];
  const { applied, after } = await applyPlan(env.DB, petition, plan, actor, { extras, after: [...writes, ...recordStatements(env.DB, id)] });
  const record = recordOf(after.slice(writes.length));
  if (!record) throw notFound("petition.not_found");
  if (!applied) throw conflict("petition.changed_first", stateOf(record.petition, user, rules, today));
  if (context.delivery) dispatch(env, context.delivery.ctx, outbox.ids);
  if (changesPublicView(plan)) {
    const view = publicView(
      record.petition,
      record.events.filter((event) => event.public),
      record.parts,
      factsOf(record.petition, rules).feedbackUntil,
    );
    context.later(() => writeSnapshot(env.KV, view, record.calendarVersion, rules.calendar, today));
  }
  return detailView(record, user, showIdentity, today, rules);
}

/**
 * Adds photos to a petition (officials of its unit): two round trips — the petition and its photo count, then
 * the rows, all or none, guarded so that racing uploads cannot pass the limit together.
 */
export async function addPhotos(env: Env, user: SessionUser, id: string, files: File[]) {
  const [petitionResult, countResult] = await env.DB.batch([petitionStatement(env.DB, { id }), photoCountStatement(env.DB, id)]);
  const petition = visibleOrNotFound(user, petitionOf(petitionResult));
  const room = MAX_PHOTOS_PER_PETITION - countOf(countResult);
  const { photos, errors } = await checkPhotos(files, room);
  if (errors.length || photos.length === 0) throw invalid(errors.length ? errors : [fieldError("photos", "photo.required")]);
  const added = photos.map((photo) => {
    const photoId = crypto.randomUUID();
    return {
      id: photoId,
      petitionId: petition.id,
      kvKey: photoKey(petition.id, photoId),
      contentType: photo.contentType,
      size: photo.bytes.length,
      bytes: photo.bytes,
    };
  });
  await Promise.all(added.map((photo) => env.KV.put(photo.kvKey, photo.bytes, { metadata: { contentType: photo.contentType } })));
  const [first] = await env.DB.batch(addPhotosStatements(env.DB, petition.id, added, user.id, new Date().toISOString(), MAX_PHOTOS_PER_PETITION));
  if (first.meta.changes !== 1) {
    // Another upload took the room meanwhile.
    await Promise.all(added.map((photo) => env.KV.delete(photo.kvKey)));
    throw invalid([fieldError("photos", "photo.too_many", { max: MAX_PHOTOS_PER_PETITION })]);
  }
  return added.map(attachmentView);
}

/** A petition's photo for an official who may see the petition; each view logged in the background. One round trip. */
export async function readPhoto(env: Env, user: SessionUser, id: string, attachmentId: string, later: Background) {
  const [petitionResult, attachmentResult] = await env.DB.batch([petitionStatement(env.DB, { id }), attachmentStatement(env.DB, id, attachmentId)]);
  const petition = visibleOrNotFound(user, petitionOf(petitionResult));
  const [attachment] = attachmentsOf(attachmentResult);
  const bytes = attachment ? await env.KV.get(attachment.kvKey, "arrayBuffer") : null;
  if (!attachment || !bytes) throw notFound("photo.not_found");
  later(() =>
    auditStatement(env.DB, { actorId: user.id, action: "petition.view_photo", targetType: "petition", targetId: petition.id, detail: { attachmentId } }).run(),
  );
  return { bytes, contentType: attachment.contentType };
}
