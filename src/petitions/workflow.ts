/**
 * Petition use cases, shared by the JSON API and the server-rendered pages, and the only writer of petitions:
 * each loads what the pure rules need in one batch, applies them, and writes one guarded batch with its history
 * and audit entries inside. A read is one D1 round trip, a write at most two; what the answer does not wait for
 * (audit entries of reads, tracking snapshots) goes to the background.
 */
import type { Account } from "../accounts/schema";
import { accountStatement, toAccount, toStoredAccounts, unitAccountsStatement } from "../accounts/store";
import { auditStatement } from "../audit/store";
import { canReach } from "../auth/access";
import { COMMUNE_ROLES, type Role } from "../auth/roles";
import type { SessionUser } from "../auth/sessions";
import type { Category } from "../categories/schema";
import { categoriesStatement, categoryStatement, toCategories } from "../categories/store";
import { addDays } from "../holidays/rules";
import { holidaysAheadStatement, holidaysStatement, toHolidaySet } from "../holidays/store";
import type { Background } from "../lib/background";
import { sha256Hex } from "../lib/crypto";
import { localDay } from "../lib/dates";
import { decodeCursor, decodeCursorOrStart, toPage } from "../lib/pagination";
import { conflict, fieldError, forbidden, invalid, notFound, Problem } from "../lib/problem";
import { provinceOfUnit, timeLimitsStatement, toTimeLimits } from "../time-limits/store";
import { toUnit, type UnitRow, unitStatement } from "../units/store";
import { checkPhotos, MAX_PHOTOS_ON_SUBMISSION, MAX_PHOTOS_PER_PETITION, photoKey } from "./photos";
import {
  type ActionPlan,
  ActionRefused,
  acknowledgeDeadline,
  allowedActions,
  canReceiveTransfer,
  canSeeIdentity,
  changesPublicView,
  planAction,
  planFeedback,
  wasTransferred,
} from "./rules";
import type { PetitionActionInput, PetitionListQuery, PetitionSubmission, PublicPetition } from "./schema";
import {
  addPhotosStatements,
  applyPlan,
  attachmentStatement,
  attachmentsOf,
  countOf,
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
  type PetitionSummary,
  type PlanExtras,
  petitionOf,
  petitionStatement,
  photoCountStatement,
  provinceOfPetition,
  publicRecordOf,
  publicRecordStatements,
  recordOf,
  recordStatements,
  submissionEvent,
  summariesOf,
  unitOfPetition,
} from "./store";
import { readSnapshot, writeSnapshot } from "./tracking";
import { attachmentView, detailView, factsOf, listItemView, type PetitionListItem, publicView } from "./views";

const COMMUNE_LEVELS = new Set(["commune", "ward", "special_zone"]);
const isCommuneRole = (role: Role) => (COMMUNE_ROLES as readonly Role[]).includes(role);
const isCommuneOfficial = (user: SessionUser) => isCommuneRole(user.role);

// ---------------------------------------------------------------- submission

type SubmitOptions = { user?: SessionUser; idempotencyKey?: string; clientKey: string; photos: File[]; later: Background };
type SubmitResult = { created: boolean; petition: Petition };

/** A replay answers with the petition the key made; the same key with another body is refused (422). */
function replayOrRefuse(record: IdempotencyRecord, bodyHash: string): SubmitResult {
  if (record.bodyHash !== bodyHash) throw new Problem(422, "petition.idempotency_key_reused");
  if (!record.petition) throw new Error("the petition of an idempotency key is missing");
  return { created: false, petition: record.petition };
}

/** Everything a submission checks and computes with, and an earlier submission under its key, in one round trip. */
async function loadSubmissionContext(db: D1Database, input: PetitionSubmission, today: string, idempotencyKey: string | undefined) {
  const [unit, category, holidays, limits, ...replay] = await db.batch([
    unitStatement(db, input.unitCode),
    categoryStatement(db, input.category),
    holidaysStatement(db, today, addDays(today, 120)),
    timeLimitsStatement(db, provinceOfUnit(input.unitCode)),
    ...(idempotencyKey ? idempotencyStatements(db, idempotencyKey) : []),
  ]);
  const unitRow = unit.results[0] as UnitRow | undefined;
  return {
    unit: unitRow ? toUnit(unitRow) : null,
    categoryExists: category.results.length > 0,
    holidays: toHolidaySet(holidays.results as { date: string }[]),
    limits: toTimeLimits(limits.results),
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
    if (context.replay) return replayOrRefuse(context.replay, bodyHash);
  }
  if (!user) {
    const { success } = await env.SUBMIT_LIMITER.limit({ key: options.clientKey });
    if (!success) throw new Problem(429, "petition.too_many_submissions", { headers: { "retry-after": "60" } });
  }
  const { unit, categoryExists, holidays, limits } = context ?? (await loadSubmissionContext(env.DB, input, today, undefined));
  const errors = [];
  if (!unit || !COMMUNE_LEVELS.has(unit.level) || (unit.validTo && unit.validTo < today)) errors.push(fieldError("unitCode", "petition.unit_unknown"));
  if (!categoryExists) errors.push(fieldError("category", "category.unknown"));
  if (errors.length || !unit) throw invalid(errors);

  const id = crypto.randomUUID();
  const photos = checked.photos.map((photo) => ({ ...photo, id: crypto.randomUUID() }));
  await Promise.all(photos.map((photo) => env.KV.put(photoKey(id, photo.id), photo.bytes, { metadata: { contentType: photo.contentType } })));
  const draft: Omit<NewPetition, "trackingCode"> = {
    id,
    input,
    provinceCode: unit.provinceCode,
    now: new Date().toISOString(),
    acknowledgeBy: acknowledgeDeadline(today, { holidays, limits }),
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
    if (replay) return replayOrRefuse(replay, bodyHash);
    throw new Error("the petition was not stored");
  }
  // The first snapshot is built from what was just written rather than read back. The answer does not need it:
  // until it lands, tracking reads D1.
  const petition = newPetition(record);
  options.later(() => writeSnapshot(env.KV, publicView(petition, unit.name, [submissionEvent(record)])));
  return { created: true, petition };
}

// ---------------------------------------------------------------- tracking (public)

/** Per-client throttle of tracking lookups (the code is the only key to a petition's public view). */
export async function allowLookup(env: Env, clientKey: string): Promise<boolean> {
  return (await env.TRACK_LIMITER.limit({ key: clientKey })).success;
}

export const tooManyLookups = () => new Problem(429, "petition.too_many_lookups", { headers: { "retry-after": "60" } });

/** The public view: from the KV snapshot, or from D1 (the truth, one round trip) when it is missing or stale. */
export async function readPublicView(env: Env, trackingCode: string, later: Background): Promise<PublicPetition | null> {
  const cached = await readSnapshot(env.KV, trackingCode, localDay());
  if (cached) return cached;
  const record = publicRecordOf(await env.DB.batch(publicRecordStatements(env.DB, { trackingCode })));
  if (!record) return null;
  const view = publicView(record.petition, record.unitName, record.publicEvents);
  later(() => writeSnapshot(env.KV, view));
  return view;
}

/** Loads the petition an action or feedback is about, with the holidays and the time limits of its province. */
async function loadPlanContext(db: D1Database, key: { id: string } | { trackingCode: string }, today: string, more: D1PreparedStatement[] = []) {
  const [petition, holidays, limits, ...references] = await db.batch([
    petitionStatement(db, key),
    holidaysAheadStatement(db, today),
    timeLimitsStatement(db, provinceOfPetition(key)),
    ...more,
  ]);
  return { petition: petitionOf(petition), holidays: toHolidaySet(holidays.results as { date: string }[]), limits: toTimeLimits(limits.results), references };
}

/**
 * The resident confirms the answer (resolved) or reopens it with a reason (back to the unit). The snapshot is
 * written before answering: the page that follows reads it.
 */
export async function giveFeedback(env: Env, trackingCode: string, feedback: { satisfied: boolean; comment?: string }): Promise<PublicPetition> {
  const today = localDay();
  const { petition, holidays, limits } = await loadPlanContext(env.DB, { trackingCode }, today);
  if (!petition) throw notFound("petition.tracking_code_unknown");
  const now = new Date().toISOString();
  let plan: ActionPlan;
  try {
    plan = planFeedback(factsOf(petition), feedback.satisfied, feedback.comment, { today, holidays, limits }, now);
  } catch (error) {
    if (error instanceof ActionRefused) throw conflict(error.code, { petitionStatus: petition.status }, error.params);
    throw error;
  }
  const { applied, after } = await applyPlan(
    env.DB,
    petition,
    plan,
    { at: now, actorId: null, actorKind: "resident" },
    { extras: { feedback: { satisfied: feedback.satisfied, comment: feedback.comment ?? null } }, after: publicRecordStatements(env.DB, { id: petition.id }) },
  );
  const record = publicRecordOf(after);
  if (!applied || !record) throw conflict("petition.just_changed", { petitionStatus: record?.petition.status ?? petition.status });
  const view = publicView(record.petition, record.unitName, record.publicEvents);
  await writeSnapshot(env.KV, view);
  return view;
}

// ---------------------------------------------------------------- reading (officials)

/** Who may see a petition: the handling unit's officials and the province's supervisors. */
const isVisible = (user: SessionUser, petition: PetitionSummary) =>
  user.role !== "admin" && canReach(user, { code: petition.unitCode, provinceCode: petition.provinceCode });

/** The petition if the user may see it; otherwise 404, whether or not it exists. */
function visibleOrNotFound<P extends PetitionSummary>(user: SessionUser, petition: P | null): P {
  if (!petition || !isVisible(user, petition)) throw notFound("petition.not_found");
  return petition;
}

/** Whose petitions the inbox shows by default: the supervisor's province, else the official's own unit. */
function ownInboxScope(user: SessionUser): InboxScope {
  return user.role === "supervisor" ? { provinceCode: user.provinceCode ?? "" } : { unitCode: user.unitCode ?? "" };
}

type InboxPage = { items: PetitionListItem[]; nextCursor: string | null; categories: Category[] };

/**
 * One page of the inbox in one round trip, with the requested unit (checked against the caller's reach in the same
 * batch) and, for the page, the categories of its filter. Null when the unit does not exist or lies out of reach.
 * Pages pass `lenientCursor`: an old bookmark's cursor shows the first page instead of an error.
 */
export async function readInbox(
  db: D1Database,
  user: SessionUser,
  query: PetitionListQuery,
  options: { withCategories?: boolean; lenientCursor?: boolean } = {},
): Promise<InboxPage | null> {
  const { limit, cursor, unit, dueWithinDays, ...filter } = query;
  const today = localDay();
  const after = (options.lenientCursor ? decodeCursorOrStart(cursor, 2) : decodeCursor(cursor, 2)) as [string, string] | null;
  const inboxFilter: InboxFilter = { ...filter, dueBefore: dueWithinDays === undefined ? undefined : addDays(today, dueWithinDays) };
  const scope = unit ? { unitCode: unit } : ownInboxScope(user);
  // The requested unit is read beside its petitions; they are dropped unread when it lies out of reach.
  const statements = [inboxStatement(db, scope, inboxFilter, today, limit, after)];
  const targetAt = unit ? statements.push(unitStatement(db, unit)) - 1 : -1;
  const categoriesAt = options.withCategories ? statements.push(categoriesStatement(db)) - 1 : -1;
  const results = await db.batch(statements);
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
  return { ...page, categories: categoriesAt < 0 ? [] : toCategories(results[categoriesAt].results) };
}

/** Logs that an official saw a submitter's identity; `inBatch` guards it to follow a change that was applied. */
function personalDataViewStatement(db: D1Database, user: SessionUser, petitionId: string, requestId: string, inBatch = false) {
  return auditStatement(
    db,
    { actorId: user.id, action: "petition.view_personal_data", targetType: "petition", targetId: petitionId, detail: { requestId } },
    { afterChange: inBatch },
  );
}

type PetitionPage = { petition: ReturnType<typeof detailView>; categories: Category[]; accounts: Account[] };

/**
 * The official's view of a petition in one round trip (the page adds the categories and the unit's officials).
 * The submitter is read in the same batch and shown only when `canSeeIdentity` allows — the rule stays in one
 * place. Each view of it is logged in the background: inside the batch the audit INSERT would make it a write,
 * which `lib/database` sends after the sign-in check on its own (two round trips instead of one).
 */
export async function readPetition(
  env: Env,
  user: SessionUser,
  id: string,
  context: { requestId: string; later: Background; forPage?: boolean },
): Promise<PetitionPage> {
  const results = await env.DB.batch([
    ...recordStatements(env.DB, id),
    ...(context.forPage ? [categoriesStatement(env.DB), unitAccountsStatement(env.DB, unitOfPetition({ id }))] : []),
  ]);
  const record = recordOf(results);
  if (!record || !isVisible(user, record.petition)) throw notFound("petition.not_found");
  const showIdentity = canSeeIdentity(record.petition, user);
  if (showIdentity) context.later(() => personalDataViewStatement(env.DB, user, id, context.requestId).run());
  const [categories, accounts] = results.slice(5);
  return {
    petition: detailView(record, user, showIdentity, localDay()),
    categories: context.forPage ? toCategories(categories.results) : [],
    accounts: context.forPage ? toStoredAccounts(accounts).map(toAccount) : [],
  };
}

// ---------------------------------------------------------------- handling (officials)

/** What an action refers to (the receiving unit, the original, the assignee), read with the action's context. */
function referenceStatements(db: D1Database, input: PetitionActionInput): D1PreparedStatement[] {
  if (input.action === "transfer") return [unitStatement(db, input.toUnitCode)];
  if (input.action === "mark_duplicate") return [petitionStatement(db, { id: input.ofId })];
  if (input.action === "assign") return [accountStatement(db, input.accountId)];
  return [];
}

/** Checks the references against the petition's unit; a transfer also moves the petition to the target's province. */
function checkReferences(petition: Petition, input: PetitionActionInput, [reference]: D1Result[], today: string): PlanExtras {
  if (input.action === "transfer") {
    const row = reference.results[0] as UnitRow | undefined;
    const target = row ? toUnit(row) : null;
    if (!target || !canReceiveTransfer(target, petition.unitCode, today)) throw invalid([fieldError("toUnitCode", "petition.receiving_unit_invalid")]);
    if (petition.kind === "denunciation" && wasTransferred(petition)) throw conflict("petition.denunciation_transferred_once");
    return { provinceCode: target.provinceCode };
  }
  if (input.action === "mark_duplicate") {
    const original = petitionOf(reference);
    if (!original || original.unitCode !== petition.unitCode) throw invalid([fieldError("ofId", "petition.original_unknown")]);
  }
  if (input.action === "assign") {
    const [account] = toStoredAccounts(reference);
    if (!account || account.unitCode !== petition.unitCode || account.disabled || !isCommuneRole(account.role)) {
      throw invalid([fieldError("accountId", "petition.assignee_invalid")]);
    }
  }
  return {};
}

const stateOf = (petition: Petition, user: SessionUser) => ({
  allowedActions: allowedActions(factsOf(petition), user.role),
  petitionStatus: petition.status,
  version: petition.version,
});

/**
 * Takes an official's action on a petition: role, unit, state and version checked; exactly one of racing actions
 * wins. Two round trips: the context, then the guarded change with its history entry, the audit entry of the
 * identity the answer shows, and the petition as it now is — all in one batch. The tracking snapshot is refreshed
 * in the background when the public view changed. `answer: false` (a page that redirects) shows no identity.
 */
export async function performAction(
  env: Env,
  user: SessionUser,
  id: string,
  input: PetitionActionInput,
  context: { requestId: string; later: Background; answer?: boolean },
): Promise<ReturnType<typeof detailView>> {
  if (!isCommuneOfficial(user)) throw forbidden("petition.officials_act");
  const today = localDay();
  const loaded = await loadPlanContext(env.DB, { id }, today, referenceStatements(env.DB, input));
  const petition = visibleOrNotFound(user, loaded.petition);
  if (input.version !== undefined && input.version !== petition.version) throw conflict("petition.stale", stateOf(petition, user));
  const extras = checkReferences(petition, input, loaded.references, today);
  const now = new Date().toISOString();
  let plan: ActionPlan;
  try {
    plan = planAction(factsOf(petition), input, { role: user.role, today, holidays: loaded.holidays, limits: loaded.limits }, now);
  } catch (error) {
    if (!(error instanceof ActionRefused)) throw error;
    if (error.status === 403) throw forbidden(error.code);
    throw conflict(error.code, stateOf(petition, user), error.params);
  }
  const showIdentity =
    context.answer !== false &&
    canSeeIdentity(
      {
        kind: plan.changes.kind ?? petition.kind,
        identityProtected: petition.identityProtected || plan.changes.kind === "denunciation",
        assignedTo: plan.changes.assignedTo ?? petition.assignedTo,
      },
      user,
    );
  const { applied, after } = await applyPlan(
    env.DB,
    petition,
    plan,
    { at: now, actorId: user.id, actorKind: "official" },
    { extras, after: [...(showIdentity ? [personalDataViewStatement(env.DB, user, id, context.requestId, true)] : []), ...recordStatements(env.DB, id)] },
  );
  const record = recordOf(after.slice(showIdentity ? 1 : 0));
  if (!record) throw notFound("petition.not_found");
  if (!applied) throw conflict("petition.changed_first", stateOf(record.petition, user));
  if (changesPublicView(plan)) {
    const view = publicView(
      record.petition,
      record.unitName,
      record.events.filter((event) => event.public),
    );
    context.later(() => writeSnapshot(env.KV, view));
  }
  return detailView(record, user, showIdentity, today);
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
