import { addDays } from "../holidays/rules";
import { holidaysStatement, toHolidaySet } from "../holidays/store";
import { foldDiacritics } from "../lib/text";
import { type TimeLimitRow, timeLimitsStatement, toTimeLimits } from "../time-limits/store";
import { toUnit, type UnitRow, unitStatement } from "../units/store";
import type { ActionPlan, PetitionChanges, PetitionFacts } from "./rules";
import { NO_DEADLINE, OPEN_STATUSES } from "./rules";
import type { PetitionKind, PetitionStatus, PetitionSubmission } from "./schema";

export type PetitionRow = {
  id: string;
  tracking_code: string;
  unit_code: string;
  province_code: string;
  received_unit_code: string;
  category: string;
  kind: PetitionKind | null;
  complex: number;
  remote_area: number;
  title: string;
  content: string;
  channel: "online" | "walk_in" | "letter";
  anonymous: number;
  people_count: number;
  previously_handled_by: string | null;
  status: PetitionStatus;
  assigned_to: string | null;
  duplicate_of: string | null;
  submitted_at: string;
  acknowledge_by: string;
  accepted_at: string | null;
  resolve_by: string | null;
  extensions: number;
  due_on: string;
  draft_answer: string | null;
  public_answer: string | null;
  public_note: string | null;
  answered_at: string | null;
  closed_at: string | null;
  feedback_satisfied: number | null;
  feedback_comment: string | null;
  created_by: string | null;
  version: number;
  updated_at: string;
};

/** What the state machine needs from a row. `acceptedDay` is the local day of acceptance. */
export function toFacts(row: PetitionRow, acceptedDay: string | null): PetitionFacts {
  return {
    id: row.id,
    status: row.status,
    kind: row.kind,
    complex: row.complex === 1,
    remoteArea: row.remote_area === 1,
    extensions: row.extensions,
    acknowledgeBy: row.acknowledge_by,
    resolveBy: row.resolve_by,
    acceptedDay,
    unitCode: row.unit_code,
  };
}

/** No 0/O/1/I: a code read aloud over the phone or copied from paper cannot be misread. */
const TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** 12 symbols of 32 = 60 bits from the CSPRNG (32 divides 256, so `byte & 31` is unbiased). */
export function newTrackingCode(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (byte) => TRACKING_ALPHABET[byte & 31]).join("");
}

/** ABCD-EFGH-JKLM: groups of four for reading aloud. */
export function formatTrackingCode(code: string): string {
  return code.match(/.{1,4}/g)?.join("-") ?? code;
}

export async function getPetition(db: D1Database, id: string): Promise<PetitionRow | null> {
  return db.prepare("SELECT * FROM petitions WHERE id = ?").bind(id).first<PetitionRow>();
}

export async function getPetitionByTrackingCode(db: D1Database, trackingCode: string): Promise<PetitionRow | null> {
  return db.prepare("SELECT * FROM petitions WHERE tracking_code = ?").bind(trackingCode).first<PetitionRow>();
}

export type IdempotencyRecord = { body_hash: string; petition_id: string };
export function findIdempotencyKey(db: D1Database, key: string): Promise<IdempotencyRecord | null> {
  return db.prepare("SELECT body_hash, petition_id FROM idempotency_keys WHERE key = ?").bind(key).first<IdempotencyRecord>();
}

/**
 * Everything a submission checks and computes with, in one `batch()` round trip: the unit, whether the
 * category exists, the holidays ahead and the time limits of the unit's province.
 */
export async function loadSubmissionContext(db: D1Database, unitCode: string, category: string, today: string) {
  const [units, categories, holidays, limits] = await db.batch<Record<string, unknown>>([
    unitStatement(db, unitCode),
    db.prepare("SELECT code FROM categories WHERE code = ?").bind(category),
    holidaysStatement(db, today, addDays(today, 120)),
    timeLimitsStatement(db, { unitCode }),
  ]);
  const unitRow = units.results[0] as UnitRow | undefined;
  return {
    unit: unitRow ? toUnit(unitRow) : null,
    categoryExists: categories.results.length > 0,
    holidays: toHolidaySet(holidays.results as { date: string }[]),
    limits: toTimeLimits(limits.results as TimeLimitRow[]),
  };
}

/** The row `insertPetition` wrote, without reading it back. */
export function newPetitionRow(petition: Omit<NewPetition, "trackingCode">, trackingCode: string, provinceCode: string): PetitionRow {
  const { input } = petition;
  return {
    id: petition.id,
    tracking_code: trackingCode,
    unit_code: input.unitCode,
    province_code: provinceCode,
    received_unit_code: input.unitCode,
    category: input.category,
    kind: input.kind ?? null,
    complex: 0,
    remote_area: 0,
    title: input.title,
    content: input.content,
    channel: input.channel,
    anonymous: input.anonymous ? 1 : 0,
    people_count: input.peopleCount,
    previously_handled_by: input.previouslyHandledBy ?? null,
    status: "received",
    assigned_to: null,
    duplicate_of: null,
    submitted_at: petition.now,
    acknowledge_by: petition.acknowledgeBy,
    accepted_at: null,
    resolve_by: null,
    extensions: 0,
    due_on: petition.acknowledgeBy,
    draft_answer: null,
    public_answer: null,
    public_note: null,
    answered_at: null,
    closed_at: null,
    feedback_satisfied: null,
    feedback_comment: null,
    created_by: petition.createdBy,
    version: 1,
    updated_at: petition.now,
  };
}

export type NewPhoto = { id: string; kvKey: string; contentType: string; size: number };

export type NewPetition = {
  id: string;
  trackingCode: string;
  input: PetitionSubmission;
  provinceCode: string;
  now: string;
  acknowledgeBy: string;
  createdBy: string | null;
  idempotency: { key: string; bodyHash: string } | null;
  photos: NewPhoto[];
};

/**
 * Writes a petition, its submitter, its first history entry and its photos in one `batch()` (one
 * transaction). With an idempotency key, the key row goes first and every later statement runs only if
 * the statement before it changed a row (`changes() = 1`): a second request with the same key inserts
 * nothing. Returns whether this request created the petition.
 */
export async function insertPetition(db: D1Database, petition: NewPetition): Promise<boolean> {
  const { input, now } = petition;
  const guard = petition.idempotency ? " WHERE changes() = 1" : "";
  const statements: D1PreparedStatement[] = [];
  if (petition.idempotency) {
    statements.push(
      db
        .prepare("INSERT INTO idempotency_keys (key, body_hash, petition_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING")
        .bind(petition.idempotency.key, petition.idempotency.bodyHash, petition.id, now),
    );
  }
  statements.push(
    db
      .prepare(
        `INSERT INTO petitions (id, tracking_code, unit_code, province_code, received_unit_code, category, kind, title, content, search_folded,
           channel, anonymous, people_count, previously_handled_by, status, submitted_at, acknowledge_by, due_on, created_by, updated_at)
         SELECT ?1, ?2, ?3, ?4, ?3, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'received', ?14, ?15, ?15, ?16, ?14${guard}`,
      )
      .bind(
        petition.id,
        petition.trackingCode,
        input.unitCode,
        petition.provinceCode,
        input.category,
        input.kind ?? null,
        input.title,
        input.content,
        foldDiacritics(`${input.title} ${input.content}`),
        input.channel,
        input.anonymous ? 1 : 0,
        input.peopleCount,
        input.previouslyHandledBy ?? null,
        now,
        petition.acknowledgeBy,
        petition.createdBy,
      ),
    db
      .prepare("INSERT INTO petition_submitters (petition_id, name, phone, email, address, citizen_id) SELECT ?, ?, ?, ?, ?, ? WHERE changes() = 1")
      .bind(
        petition.id,
        input.submitter.name ?? null,
        input.submitter.phone ?? null,
        input.submitter.email ?? null,
        input.submitter.address ?? null,
        input.submitter.citizenId ?? null,
      ),
    eventStatement(
      db,
      petition.id,
      { at: now, actorId: petition.createdBy, actorKind: petition.createdBy ? "official" : "resident" },
      { action: "submit", note: null, public: true },
      null,
      "received",
    ),
    ...petition.photos.map((photo) =>
      db
        .prepare(
          "INSERT INTO petition_attachments (id, petition_id, kv_key, content_type, size, uploaded_by, created_at) SELECT ?, ?, ?, ?, ?, ?, ? WHERE changes() = 1",
        )
        .bind(photo.id, petition.id, photo.kvKey, photo.contentType, photo.size, petition.createdBy, now),
    ),
  );
  const results = await db.batch(statements);
  return results[petition.idempotency ? 1 : 0].meta.changes === 1;
}

type Actor = { at: string; actorId: string | null; actorKind: "resident" | "official" | "system" };

function eventStatement(db: D1Database, petitionId: string, actor: Actor, event: ActionPlan["event"], from: PetitionStatus | null, to: PetitionStatus) {
  return db
    .prepare(
      "INSERT INTO petition_events (petition_id, at, actor_id, actor_kind, action, from_status, to_status, note, public) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE changes() = 1",
    )
    .bind(petitionId, actor.at, actor.actorId, actor.actorKind, event.action, from, to, event.note, event.public ? 1 : 0);
}

const CHANGE_COLUMNS: Record<keyof PetitionChanges, string> = {
  status: "status",
  kind: "kind",
  complex: "complex",
  remoteArea: "remote_area",
  unitCode: "unit_code",
  assignedTo: "assigned_to",
  duplicateOf: "duplicate_of",
  acknowledgeBy: "acknowledge_by",
  acceptedAt: "accepted_at",
  resolveBy: "resolve_by",
  extensions: "extensions",
  dueOn: "due_on",
  draftAnswer: "draft_answer",
  publicAnswer: "public_answer",
  publicNote: "public_note",
  answeredAt: "answered_at",
  closedAt: "closed_at",
};

/**
 * Applies a planned action if nobody changed the petition since `expectedVersion`: one guarded UPDATE,
 * then the history entry only if that UPDATE matched (`changes() = 1`), in one transaction. Returns
 * whether it was applied; false means a concurrent change won (→ 409).
 */
export async function applyPlan(
  db: D1Database,
  petition: PetitionRow,
  expectedVersion: number,
  plan: ActionPlan,
  actor: Actor,
  extra: { provinceCode?: string; feedback?: { satisfied: boolean; comment: string | null } } = {},
): Promise<boolean> {
  const sets = ["version = version + 1", "updated_at = ?"];
  const params: unknown[] = [actor.at];
  for (const [key, value] of Object.entries(plan.changes) as [keyof PetitionChanges, unknown][]) {
    if (value === undefined) continue;
    sets.push(`${CHANGE_COLUMNS[key]} = ?`);
    params.push(typeof value === "boolean" ? (value ? 1 : 0) : value);
  }
  if (extra.provinceCode) {
    sets.push("province_code = ?");
    params.push(extra.provinceCode);
  }
  if (extra.feedback) {
    sets.push("feedback_satisfied = ?", "feedback_comment = ?");
    params.push(extra.feedback.satisfied ? 1 : 0, extra.feedback.comment);
  }
  const to = plan.changes.status ?? petition.status;
  const [update] = await db.batch([
    db
      .prepare(`UPDATE petitions SET ${sets.join(", ")} WHERE id = ? AND version = ? AND status = ?`)
      .bind(...params, petition.id, expectedVersion, petition.status),
    eventStatement(db, petition.id, actor, plan.event, petition.status, to),
  ]);
  return update.meta.changes === 1;
}

export type PetitionEvent = {
  id: number;
  at: string;
  actor_id: string | null;
  actor_kind: string;
  action: string;
  from_status: string | null;
  to_status: PetitionStatus;
  note: string | null;
  public: number;
};

export async function listEvents(db: D1Database, petitionId: string, onlyPublic = false): Promise<PetitionEvent[]> {
  const { results } = await db
    .prepare(
      `SELECT id, at, actor_id, actor_kind, action, from_status, to_status, note, public FROM petition_events WHERE petition_id = ?${onlyPublic ? " AND public = 1" : ""} ORDER BY id`,
    )
    .bind(petitionId)
    .all<PetitionEvent>();
  return results;
}

export type Submitter = { name: string | null; phone: string | null; email: string | null; address: string | null; citizenId: string | null };
export async function getSubmitter(db: D1Database, petitionId: string): Promise<Submitter | null> {
  const row = await db
    .prepare("SELECT name, phone, email, address, citizen_id FROM petition_submitters WHERE petition_id = ?")
    .bind(petitionId)
    .first<Record<string, string | null>>();
  return row ? { name: row.name, phone: row.phone, email: row.email, address: row.address, citizenId: row.citizen_id } : null;
}

export type Attachment = { id: string; petition_id: string; kv_key: string; content_type: string; size: number; created_at: string };
export async function listAttachments(db: D1Database, petitionId: string): Promise<Attachment[]> {
  const { results } = await db
    .prepare("SELECT id, petition_id, kv_key, content_type, size, created_at FROM petition_attachments WHERE petition_id = ? ORDER BY created_at, id")
    .bind(petitionId)
    .all<Attachment>();
  return results;
}

export type InboxScope = { unitCode: string } | { provinceCode: string };
export type InboxFilter = { status?: PetitionStatus; kind?: PetitionKind; category?: string; overdue?: boolean; dueBefore?: string; q?: string };

export const INBOX_COLUMNS = "id, tracking_code, unit_code, category, kind, title, status, channel, submitted_at, due_on, assigned_to, version";
export type InboxRow = Pick<
  PetitionRow,
  "id" | "tracking_code" | "unit_code" | "category" | "kind" | "title" | "status" | "channel" | "submitted_at" | "due_on" | "assigned_to" | "version"
>;

/**
 * The inbox query: the scope (unit or province) and at most one equality filter lead an index ordered by
 * (due_on, id); keyset pagination continues strictly after the last (due_on, id) seen. Free text is a LIKE
 * on the folded column, evaluated only inside that index-narrowed subset.
 */
export function inboxQuery(scope: InboxScope, filter: InboxFilter, today: string, limit: number, after: [string, string] | null) {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if ("unitCode" in scope) add("unit_code = ?", scope.unitCode);
  else add("province_code = ?", scope.provinceCode);
  if (filter.status) add("status = ?", filter.status);
  if (filter.kind) add("kind = ?", filter.kind);
  if (filter.category) add("category = ?", filter.category);
  const openList = OPEN_STATUSES.map((status) => `'${status}'`).join(", ");
  if (filter.overdue === true) add(`due_on < ? AND status IN (${openList})`, today);
  if (filter.overdue === false) add("due_on >= ?", today);
  if (filter.dueBefore) add(`due_on >= ? AND due_on <= ? AND status IN (${openList})`, today, filter.dueBefore);
  if (filter.q) add("search_folded LIKE ? ESCAPE '\\'", `%${foldDiacritics(filter.q).replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
  if (after) add("(due_on, id) > (?, ?)", after[0], after[1]);
  const sql = `SELECT ${INBOX_COLUMNS} FROM petitions WHERE ${where.join(" AND ")} ORDER BY due_on, id LIMIT ?`;
  return { sql, params: [...params, limit + 1] };
}

export async function listInbox(
  db: D1Database,
  scope: InboxScope,
  filter: InboxFilter,
  today: string,
  limit: number,
  after: [string, string] | null,
): Promise<InboxRow[]> {
  const { sql, params } = inboxQuery(scope, filter, today, limit, after);
  const { results } = await db
    .prepare(sql)
    .bind(...params)
    .all<InboxRow>();
  return results;
}

/**
 * The daily sweep: records once, in each petition's history, that its current deadline was missed.
 * One transaction; `overdue_marked_for` makes a second run on the same day a no-op.
 */
export async function markNewlyOverdue(db: D1Database, today: string, now: string): Promise<number> {
  const openList = OPEN_STATUSES.map((status) => `'${status}'`).join(", ");
  const pending = `status IN (${openList}) AND due_on < ?1 AND (overdue_marked_for IS NULL OR overdue_marked_for <> due_on)`;
  const [events] = await db.batch([
    db
      .prepare(
        `INSERT INTO petition_events (petition_id, at, actor_id, actor_kind, action, from_status, to_status, note, public)
         SELECT id, ?2, NULL, 'system', 'overdue', status, status, 'Quá hạn ' || due_on, 1 FROM petitions WHERE ${pending}`,
      )
      .bind(today, now),
    db.prepare(`UPDATE petitions SET overdue_marked_for = due_on WHERE ${pending}`).bind(today),
  ]);
  return events.meta.changes;
}

export { NO_DEADLINE };

export type InboxCounts = { received: number; overdue: number; dueSoon: number; awaitingResident: number; open: number };

/**
 * The dashboard's figures for a unit or a province in one aggregate over the scope's (due_on, id) index:
 * new petitions, open ones past or near their deadline, and answers awaiting the resident.
 */
export async function countInbox(db: D1Database, scope: InboxScope, today: string, soon: string): Promise<InboxCounts> {
  const [column, value] = "unitCode" in scope ? ["unit_code", scope.unitCode] : ["province_code", scope.provinceCode];
  const openList = OPEN_STATUSES.map((status) => `'${status}'`).join(", ");
  const row = await db
    .prepare(
      `SELECT
         count(*) FILTER (WHERE status IN ('received', 'transferred')) AS received,
         count(*) FILTER (WHERE status IN (${openList}) AND due_on < ?2) AS overdue,
         count(*) FILTER (WHERE status IN (${openList}) AND due_on BETWEEN ?2 AND ?3) AS due_soon,
         count(*) FILTER (WHERE status = 'answered') AS awaiting,
         count(*) FILTER (WHERE status IN (${openList})) AS open
       FROM petitions WHERE ${column} = ?1`,
    )
    .bind(value, today, soon)
    .first<{ received: number; overdue: number; due_soon: number; awaiting: number; open: number }>();
  return { received: row?.received ?? 0, overdue: row?.overdue ?? 0, dueSoon: row?.due_soon ?? 0, awaitingResident: row?.awaiting ?? 0, open: row?.open ?? 0 };
}
