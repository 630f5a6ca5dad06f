/**
 * Petition use cases, shared by the JSON API and the server-rendered pages: each loads what the pure rules
 * need, applies them, and writes with guarded statements. Errors are problems with the API's statuses.
 */

import { auditStatement } from "../audit/store";
import { canReach } from "../auth/access";
import type { SessionUser } from "../auth/sessions";
import { addDays } from "../holidays/rules";
import { loadHolidaysAhead } from "../holidays/store";
import { sha256Hex } from "../lib/crypto";
import { localDay } from "../lib/dates";
import { conflict, forbidden, invalid, notFound, Problem } from "../lib/problem";
import { loadTimeLimits } from "../time-limits/store";
import { getUnit } from "../units/store";
import { checkPhotos, MAX_PHOTOS_ON_SUBMISSION, photoKey } from "./photos";
import {
  type ActionPlan,
  ActionRefused,
  acknowledgeDeadline,
  allowedActions,
  canSeeIdentity,
  changesPublicView,
  deadlineView,
  planAction,
  planFeedback,
} from "./rules";
import type { PetitionActionInput, PetitionListQuery, PetitionSubmission } from "./schema";
import {
  applyPlan,
  findIdempotencyKey,
  getPetition,
  getPetitionByTrackingCode,
  getSubmitter,
  type InboxFilter,
  type InboxScope,
  insertPetition,
  listAttachments,
  listEvents,
  loadSubmissionContext,
  newPetitionRow,
  newTrackingCode,
  type PetitionRow,
  toFacts,
} from "./store";
import { refreshSnapshot, writeSnapshot } from "./tracking";

const COMMUNE_LEVELS = new Set(["commune", "ward", "special_zone"]);

export type SubmitOptions = { user?: SessionUser; idempotencyKey?: string; clientKey: string; photos: File[] };
export type SubmitResult = { created: boolean; petition: PetitionRow };

async function replayOrRefuse(db: D1Database, key: string, bodyHash: string): Promise<SubmitResult | null> {
  const record = await findIdempotencyKey(db, key);
  if (!record) return null;
  if (record.body_hash !== bodyHash) {
    throw new Problem(422, "Idempotency-Key này đã dùng cho một đơn khác / this Idempotency-Key was used with a different body");
  }
  const petition = await getPetition(db, record.petition_id);
  if (!petition) throw new Problem(500, "Idempotent petition is missing");
  return { created: false, petition };
}

/** Submits a petition: online by a resident, or recorded by staff as a walk-in or letter (sổ tiếp công dân). */
export async function submitPetition(env: Env, input: PetitionSubmission, options: SubmitOptions): Promise<SubmitResult> {
  const { user } = options;
  if (input.channel !== "online") {
    if (!user || (user.role !== "commune_head" && user.role !== "commune_staff"))
      throw forbidden("Chỉ cán bộ xã ghi nhận đơn trực tiếp hoặc qua thư / only commune officials record walk-ins and letters");
    if (user.unitCode !== input.unitCode) throw notFound("Không có đơn vị này / no such unit");
  }
  const checked = await checkPhotos(options.photos, MAX_PHOTOS_ON_SUBMISSION);
  if (checked.errors.length) throw invalid(checked.errors);
  const photoDigests = await Promise.all(checked.photos.map((photo) => crypto.subtle.digest("SHA-256", photo.bytes)));
  const bodyHash = await sha256Hex(JSON.stringify(input) + photoDigests.map((digest) => new Uint8Array(digest).join(",")).join("|"));

  // Replays are recognised before throttling: a phone retrying its own request is never refused for it.
  if (options.idempotencyKey) {
    const replay = await replayOrRefuse(env.DB, options.idempotencyKey, bodyHash);
    if (replay) return replay;
  }
  if (!user) {
    const { success } = await env.SUBMIT_LIMITER.limit({ key: options.clientKey });
    if (!success)
      throw new Problem(429, "Gửi quá nhiều đơn trong thời gian ngắn; thử lại sau 1 phút / too many submissions", { headers: { "retry-after": "60" } });
  }

  const today = localDay();
  const { unit, categoryExists, holidays, limits } = await loadSubmissionContext(env.DB, input.unitCode, input.category, today);
  const errors = [];
  if (!unit || !COMMUNE_LEVELS.has(unit.level) || (unit.validTo && unit.validTo < today))
    errors.push({ path: "unitCode", message: "Không có xã, phường này (hoặc đã sáp nhập) / unknown or merged commune" });
  if (!categoryExists) errors.push({ path: "category", message: "Không có lĩnh vực này / unknown category" });
  if (errors.length || !unit) throw invalid(errors);

  const id = crypto.randomUUID();
  const photos = checked.photos.map((photo) => ({ ...photo, id: crypto.randomUUID() }));
  await Promise.all(photos.map((photo) => env.KV.put(photoKey(id, photo.id), photo.bytes, { metadata: { contentType: photo.contentType } })));
  const petition = {
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
  let trackingCode = "";
  for (let attempt = 0; attempt < 3 && !created; attempt++) {
    try {
      trackingCode = newTrackingCode();
      created = await insertPetition(env.DB, { ...petition, trackingCode });
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
    // Another request with the same key won the race: drop our photos, answer as a replay.
    await dropPhotos();
    const replay = await replayOrRefuse(env.DB, options.idempotencyKey ?? "", bodyHash);
    if (replay) return replay;
    throw new Problem(500, "Petition was not stored");
  }
  // The first snapshot is built from what was just written rather than read back: one round trip fewer.
  const row = newPetitionRow(petition, trackingCode, unit.provinceCode);
  await writeSnapshot(env, {
    trackingCode,
    status: "received",
    unitCode: unit.code,
    unitName: unit.name,
    category: input.category,
    title: input.title,
    submittedAt: petition.now,
    acknowledgeBy: petition.acknowledgeBy,
    canGiveFeedback: false,
    history: [{ at: petition.now, status: "received" }],
  });
  return { created: true, petition: row };
}

/** Whose petitions the inbox shows by default: the supervisor's province, else the official's own unit. */
export function ownInboxScope(user: SessionUser): InboxScope {
  return user.role === "supervisor" ? { provinceCode: user.provinceCode ?? "" } : { unitCode: user.unitCode ?? "" };
}

/** The inbox scope for an optional `unit` filter; null when that unit does not exist or lies outside the caller's reach. */
export async function requestedInboxScope(db: D1Database, user: SessionUser, unit: string | undefined): Promise<InboxScope | null> {
  if (!unit) return ownInboxScope(user);
  const target = await getUnit(db, unit);
  return target && canReach(user, target) ? { unitCode: unit } : null;
}

/** The list query's filters as the store takes them: `dueWithinDays` becomes a last due day. */
export function inboxFilter(query: Omit<PetitionListQuery, "limit" | "cursor" | "unit">, today: string): InboxFilter {
  const { dueWithinDays, ...filter } = query;
  return { ...filter, dueBefore: dueWithinDays === undefined ? undefined : addDays(today, dueWithinDays) };
}

/** Loads a petition the user may see: the handling unit's officials, the province's supervisors; else 404. */
export async function loadVisiblePetition(db: D1Database, user: SessionUser, id: string): Promise<PetitionRow> {
  const row = await getPetition(db, id);
  if (!row || !canReach(user, { code: row.unit_code, provinceCode: row.province_code }) || user.role === "admin") {
    throw notFound("Không có đơn này / no such petition");
  }
  return row;
}

const acceptedDayOf = (row: PetitionRow) => (row.accepted_at ? localDay(new Date(row.accepted_at)) : null);

/** Checks what an action refers to (target unit, duplicate, assignee) against the database and the caller's unit. */
async function checkReferences(db: D1Database, row: PetitionRow, input: PetitionActionInput, today: string): Promise<{ provinceCode?: string }> {
  if (input.action === "transfer") {
    const target = await getUnit(db, input.toUnitCode);
    if (!target || (target.validTo && target.validTo < today) || target.code === row.unit_code) {
      throw invalid([{ path: "toUnitCode", message: "Đơn vị nhận không hợp lệ / invalid receiving unit" }]);
    }
    return { provinceCode: target.provinceCode };
  }
  if (input.action === "mark_duplicate") {
    const original = await db.prepare("SELECT unit_code FROM petitions WHERE id = ?").bind(input.ofId).first<{ unit_code: string }>();
    if (!original || original.unit_code !== row.unit_code)
      throw invalid([{ path: "ofId", message: "Không có đơn gốc này trong đơn vị / no such petition in this unit" }]);
  }
  if (input.action === "assign") {
    const account = await db
      .prepare("SELECT unit_code, role, disabled FROM accounts WHERE id = ?")
      .bind(input.accountId)
      .first<{ unit_code: string; role: string; disabled: number }>();
    if (!account || account.unit_code !== row.unit_code || account.disabled || !["commune_head", "commune_staff"].includes(account.role)) {
      throw invalid([{ path: "accountId", message: "Chỉ giao cho cán bộ đang làm việc của đơn vị / assign to an active official of the unit" }]);
    }
  }
  return {};
}

function refusal(error: ActionRefused, row: PetitionRow) {
  if (error.status === 403) return forbidden(error.message);
  return conflict(error.message, { allowedActions: error.allowed, petitionStatus: row.status, version: row.version });
}

/** Takes an official's action on a petition: role, unit, state and version checked; exactly one of racing actions wins. */
export async function performAction(env: Env, user: SessionUser, id: string, input: PetitionActionInput): Promise<PetitionRow> {
  if (user.role !== "commune_head" && user.role !== "commune_staff")
    throw forbidden("Chỉ cán bộ xã xử lý đơn; giám sát chỉ xem / only commune officials act on petitions");
  const row = await loadVisiblePetition(env.DB, user, id);
  if (input.version !== undefined && input.version !== row.version) {
    throw conflict("Đơn đã được người khác cập nhật; tải lại để xem / the petition changed since you loaded it", {
      allowedActions: allowedActions(toFacts(row, acceptedDayOf(row)), user.role),
      petitionStatus: row.status,
      version: row.version,
    });
  }
  const today = localDay();
  const references = await checkReferences(env.DB, row, input, today);
  const [holidays, limits] = await Promise.all([loadHolidaysAhead(env.DB, today), loadTimeLimits(env.DB, row.province_code)]);
  let plan: ActionPlan;
  try {
    plan = planAction(toFacts(row, acceptedDayOf(row)), input, { role: user.role, today, holidays, limits }, new Date().toISOString());
  } catch (error) {
    if (error instanceof ActionRefused) throw refusal(error, row);
    throw error;
  }
  const applied = await applyPlan(env.DB, row, row.version, plan, { at: new Date().toISOString(), actorId: user.id, actorKind: "official" }, references);
  const current = await getPetition(env.DB, id);
  if (!current) throw notFound();
  if (!applied) {
    throw conflict("Đơn vừa được người khác cập nhật; tải lại để xem / someone else changed the petition first", {
      allowedActions: allowedActions(toFacts(current, acceptedDayOf(current)), user.role),
      petitionStatus: current.status,
      version: current.version,
    });
  }
  if (changesPublicView(plan)) await refreshSnapshot(env, current);
  return current;
}

/** The resident confirms the answer (resolved) or reopens it with a reason (back to the unit). */
export async function giveFeedback(env: Env, trackingCode: string, satisfied: boolean, comment: string | undefined) {
  const row = await getPetitionByTrackingCode(env.DB, trackingCode);
  if (!row) throw notFound("Không có mã theo dõi này / no such tracking code");
  const today = localDay();
  const [holidays, limits] = await Promise.all([loadHolidaysAhead(env.DB, today), loadTimeLimits(env.DB, row.province_code)]);
  let plan: ActionPlan;
  try {
    plan = planFeedback(toFacts(row, acceptedDayOf(row)), satisfied, comment, { today, holidays, limits }, new Date().toISOString());
  } catch (error) {
    if (error instanceof ActionRefused) throw conflict(error.message, { petitionStatus: row.status });
    throw error;
  }
  const applied = await applyPlan(
    env.DB,
    row,
    row.version,
    plan,
    { at: new Date().toISOString(), actorId: null, actorKind: "resident" },
    { feedback: { satisfied, comment: comment ?? null } },
  );
  if (!applied) throw conflict("Đơn vừa thay đổi; tải lại trang / the petition just changed", { petitionStatus: row.status });
  const current = await getPetition(env.DB, row.id);
  if (!current) throw notFound();
  return refreshSnapshot(env, current);
}

/** The official's view: everything, with the submitter only for those allowed (each such view logged). */
export async function petitionDetail(env: Env, user: SessionUser, row: PetitionRow, requestId: string) {
  const showIdentity = canSeeIdentity({ kind: row.kind, assignedTo: row.assigned_to }, user);
  const [events, attachments, submitter] = await Promise.all([
    listEvents(env.DB, row.id),
    listAttachments(env.DB, row.id),
    showIdentity ? getSubmitter(env.DB, row.id) : Promise.resolve(null),
  ]);
  if (showIdentity) {
    await auditStatement(env.DB, {
      actorId: user.id,
      action: "petition.view_personal_data",
      targetType: "petition",
      targetId: row.id,
      detail: { requestId },
    }).run();
  }
  const today = localDay();
  return {
    id: row.id,
    trackingCode: row.tracking_code,
    unitCode: row.unit_code,
    receivedUnitCode: row.received_unit_code,
    category: row.category,
    kind: row.kind,
    complex: row.complex === 1,
    remoteArea: row.remote_area === 1,
    title: row.title,
    content: row.content,
    channel: row.channel,
    anonymous: row.anonymous === 1,
    peopleCount: row.people_count,
    previouslyHandledBy: row.previously_handled_by,
    status: row.status,
    assignedTo: row.assigned_to,
    duplicateOf: row.duplicate_of,
    submittedAt: row.submitted_at,
    acknowledgeBy: row.acknowledge_by,
    acceptedAt: row.accepted_at,
    resolveBy: row.resolve_by,
    extensions: row.extensions,
    ...deadlineView(row.due_on, today),
    draftAnswer: row.draft_answer,
    publicAnswer: row.public_answer,
    publicNote: row.public_note,
    answeredAt: row.answered_at,
    closedAt: row.closed_at,
    feedback: row.feedback_satisfied === null ? null : { satisfied: row.feedback_satisfied === 1, comment: row.feedback_comment },
    version: row.version,
    allowedActions: allowedActions(toFacts(row, acceptedDayOf(row)), user.role),
    submitter: showIdentity ? (submitter ?? { name: null, phone: null, email: null, address: null, citizenId: null }) : null,
    submitterHidden: !showIdentity,
    history: events.map((event) => ({
      at: event.at,
      action: event.action,
      actorId: event.actor_id,
      actorKind: event.actor_kind,
      fromStatus: event.from_status,
      toStatus: event.to_status,
      note: event.note,
      public: event.public === 1,
    })),
    notes: events.filter((event) => event.action === "note").map((event) => ({ at: event.at, authorId: event.actor_id, text: event.note })),
    attachments: attachments.map((attachment) => ({
      id: attachment.id,
      contentType: attachment.content_type,
      size: attachment.size,
      url: `/api/v1/petitions/${row.id}/attachments/${attachment.id}`,
    })),
  };
}
export type PetitionDetail = Awaited<ReturnType<typeof petitionDetail>>;
