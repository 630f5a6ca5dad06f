/**
 * The petitions tables: the only SQL of the domain. Rows become domain objects in one mapper per table
 * (`toPetition`, `toEvent`, `toAttachment`, `toSubmitter`); statements are built here and batched by the
 * workflows, so that a read is one round trip and a write two.
 */

import type { Role } from "../auth/roles";
import type { DayKind } from "../holidays/rules";
import { deadlineSql, deadlinesVersionStatement, publishDeadlinesStatement, versionOf } from "../holidays/store";
import { containsPattern, type SqlScalar, sqlList, Where } from "../lib/sql";
import { foldDiacritics } from "../lib/text";
import { type ActionPlan, type Deadline, INTAKE, type InboxSearch, inboxSearch, OPEN_STATUSES, type PetitionChanges, type PlannedPart } from "./rules";
import type { Channel, ClassifiedKind, Complexity, PetitionKind, PetitionStatus, PetitionSubmission } from "./schema";

// ---------------------------------------------------------------- petitions

type PetitionRow = {
  id: string;
  tracking_code: string;
  unit_code: string;
  unit_name: string | null;
  province_code: string;
  category: string;
  kind: ClassifiedKind | null;
  title: string;
  status: PetitionStatus;
  channel: Channel;
  submitted_at: string;
  due_on: string;
  assigned_to: string | null;
  assignee_name: string | null;
  version: number;
  received_unit_code: string;
  received_unit_name: string | null;
  resident_kind: PetitionKind | null;
  complexity: Complexity;
  remote_area: number;
  needs_verification: number;
  content: string;
  anonymous: number;
  identity_protected: number;
  people_count: number;
  previously_handled_by: string | null;
  duplicate_of: string | null;
  split_from: string | null;
  transfers: number;
  to_body: string | null;
  letter_number: string | null;
  received_on: string;
  acknowledge_by: string;
  ack_from: string;
  ack_days: number;
  ack_day_kind: DayKind;
  accepted_at: string | null;
  resolve_by: string | null;
  resolve_from: string | null;
  resolve_days: number | null;
  resolve_day_kind: DayKind | null;
  extensions: number;
  draft_answer: string | null;
  public_answer: string | null;
  public_note: string | null;
  answered_at: string | null;
  closed_at: string | null;
  feedback_satisfied: number | null;
  feedback_comment: string | null;
  created_by: string | null;
  updated_at: string;
};

/** A unit or a person as responses name them. */
export type UnitRef = { code: string; name: string };
export type PersonRef = { id: string; name: string };

/** What lists show of a petition (and what deciding who may see it needs). */
export type PetitionSummary = {
  id: string;
  trackingCode: string;
  unit: UnitRef;
  provinceCode: string;
  category: string;
  kind: ClassifiedKind | null;
  title: string;
  status: PetitionStatus;
  channel: Channel;
  submittedAt: string;
  /** The deadline that applies now; `NO_DEADLINE` when none runs. */
  dueOn: string;
  assignee: PersonRef | null;
  version: number;
};

/** A whole petition (without its submitter, who lives apart). */
export type Petition = PetitionSummary & {
  receivedUnit: UnitRef;
  residentKind: PetitionKind | null;
  complexity: Complexity;
  remoteArea: boolean;
  needsVerification: boolean;
  content: string;
  anonymous: boolean;
  identityProtected: boolean;
  peopleCount: number;
  previouslyHandledBy: string | null;
  duplicateOf: string | null;
  splitFrom: string | null;
  transfers: number;
  toBody: string | null;
  letterNumber: string | null;
  receivedOn: string;
  acknowledge: Deadline;
  acceptedAt: string | null;
  resolve: Deadline | null;
  extensions: number;
  draftAnswer: string | null;
  publicAnswer: string | null;
  publicNote: string | null;
  answeredAt: string | null;
  closedAt: string | null;
  feedback: { satisfied: boolean; comment: string | null } | null;
  createdBy: string | null;
  updatedAt: string;
};

/** Names ride along as scalar subqueries (primary-key lookups), so no query needs a join or a second statement. */
const NAME_COLUMNS = `(SELECT name FROM units WHERE code = petitions.unit_code) AS unit_name,
  (SELECT name FROM accounts WHERE id = petitions.assigned_to) AS assignee_name`;
const SUMMARY_COLUMNS = `id, tracking_code, unit_code, province_code, category, kind, title, status, channel, submitted_at, due_on, assigned_to, version,
  ${NAME_COLUMNS}`;
const PETITION_COLUMNS = `${SUMMARY_COLUMNS}, received_unit_code, (SELECT name FROM units WHERE code = petitions.received_unit_code) AS received_unit_name,
  resident_kind, complexity, remote_area, needs_verification, content, anonymous, identity_protected, people_count, previously_handled_by,
  duplicate_of, split_from, transfers, to_body, letter_number, received_on, acknowledge_by, ack_from, ack_days, ack_day_kind, accepted_at,
  resolve_by, resolve_from, resolve_days, resolve_day_kind, extensions, draft_answer, public_answer, public_note, answered_at, closed_at,
  feedback_satisfied, feedback_comment, created_by, updated_at`;

type SummaryRow = Pick<
  PetitionRow,
  | "id"
  | "tracking_code"
  | "unit_code"
  | "unit_name"
  | "province_code"
  | "category"
  | "kind"
  | "title"
  | "status"
  | "channel"
  | "submitted_at"
  | "due_on"
  | "assigned_to"
  | "assignee_name"
  | "version"
>;

function toPetitionSummary(row: SummaryRow): PetitionSummary {
  return {
    id: row.id,
    trackingCode: row.tracking_code,
    unit: { code: row.unit_code, name: row.unit_name ?? row.unit_code },
    provinceCode: row.province_code,
    category: row.category,
    kind: row.kind,
    title: row.title,
    status: row.status,
    channel: row.channel,
    submittedAt: row.submitted_at,
    dueOn: row.due_on,
    assignee: row.assigned_to ? { id: row.assigned_to, name: row.assignee_name ?? "" } : null,
    version: row.version,
  };
}

/** The row mapper of `petitions`: the summary's columns, then the rest. */
function toPetition(row: PetitionRow): Petition {
  return {
    ...toPetitionSummary(row),
    receivedUnit: { code: row.received_unit_code, name: row.received_unit_name ?? row.received_unit_code },
    residentKind: row.resident_kind,
    complexity: row.complexity,
    remoteArea: row.remote_area === 1,
    needsVerification: row.needs_verification === 1,
    content: row.content,
    anonymous: row.anonymous === 1,
    identityProtected: row.identity_protected === 1,
    peopleCount: row.people_count,
    previouslyHandledBy: row.previously_handled_by,
    duplicateOf: row.duplicate_of,
    splitFrom: row.split_from,
    transfers: row.transfers,
    toBody: row.to_body,
    letterNumber: row.letter_number,
    receivedOn: row.received_on,
    acknowledge: { from: row.ack_from, days: row.ack_days, dayKind: row.ack_day_kind, due: row.acknowledge_by },
    acceptedAt: row.accepted_at,
    resolve:
      row.resolve_by && row.resolve_from && row.resolve_days && row.resolve_day_kind
        ? { from: row.resolve_from, days: row.resolve_days, dayKind: row.resolve_day_kind, due: row.resolve_by }
        : null,
    extensions: row.extensions,
    draftAnswer: row.draft_answer,
    publicAnswer: row.public_answer,
    publicNote: row.public_note,
    answeredAt: row.answered_at,
    closedAt: row.closed_at,
    feedback: row.feedback_satisfied === null ? null : { satisfied: row.feedback_satisfied === 1, comment: row.feedback_comment },
    createdBy: row.created_by,
    updatedAt: row.updated_at,
  };
}

/** A petition is found by its id (officials) or its tracking code (residents). */
export type PetitionKey = { id: string } | { trackingCode: string };

const keyColumn = (key: PetitionKey) => ("id" in key ? { column: "id", value: key.id } : { column: "tracking_code", value: key.trackingCode });

/** `petition_id = ?` for a key, through the tracking code's unique index when that is what we have. */
function petitionIdSql(key: PetitionKey): { sql: string; value: string } {
  return "id" in key ? { sql: "?", value: key.id } : { sql: "(SELECT id FROM petitions WHERE tracking_code = ?)", value: key.trackingCode };
}

export function petitionStatement(db: D1Database, key: PetitionKey): D1PreparedStatement {
  const { column, value } = keyColumn(key);
  return db.prepare(`SELECT ${PETITION_COLUMNS} FROM petitions WHERE ${column} = ?`).bind(value);
}

export const petitionOf = (result: D1Result): Petition | null => {
  const row = result.results[0] as PetitionRow | undefined;
  return row ? toPetition(row) : null;
};

/** The province of a petition, found inside another statement (its time limits). */
export function provinceOfPetition(key: PetitionKey): SqlScalar {
  const { column, value } = keyColumn(key);
  return { subquery: `SELECT province_code FROM petitions WHERE ${column} = ?`, params: [value] };
}

/** The local day a petition was received, found inside another statement: the day whose rules apply to it. */
export function receivedOnOfPetition(key: PetitionKey): SqlScalar {
  const { column, value } = keyColumn(key);
  return { subquery: `SELECT received_on FROM petitions WHERE ${column} = ?`, params: [value] };
}

/** The local day a petition was answered (today while it is not), found inside another statement: its policy's day. */
export function answeredOnOfPetition(key: PetitionKey, today: string): SqlScalar {
  const { column, value } = keyColumn(key);
  return { subquery: `SELECT coalesce(date(answered_at, '+7 hours'), ?) FROM petitions WHERE ${column} = ?`, params: [today, value] };
}

/** The unit handling a petition, found inside another statement (its officials). */
export function unitOfPetition(key: PetitionKey): SqlScalar {
  const { column, value } = keyColumn(key);
  return { subquery: `SELECT unit_code FROM petitions WHERE ${column} = ?`, params: [value] };
}

// ---------------------------------------------------------------- parts of a split letter

type PartRow = { id: string; tracking_code: string; kind: ClassifiedKind; status: PetitionStatus };
export type PetitionPart = { id: string; trackingCode: string; kind: ClassifiedKind; status: PetitionStatus };

/** The petitions a letter was split into, in the order they were made. */
function partsStatement(db: D1Database, key: PetitionKey): D1PreparedStatement {
  const { sql, value } = petitionIdSql(key);
  return db.prepare(`SELECT id, tracking_code, kind, status FROM petitions WHERE split_from = ${sql} ORDER BY tracking_code`).bind(value);
}

const partsOf = (result: D1Result): PetitionPart[] =>
  (result.results as PartRow[]).map((row) => ({ id: row.id, trackingCode: row.tracking_code, kind: row.kind, status: row.status }));

// ---------------------------------------------------------------- history

type EventRow = {
  id: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  actor_kind: Actor["actorKind"];
  action: string;
  from_status: PetitionStatus | null;
  to_status: PetitionStatus;
  note: string | null;
  public: number;
};

export type PetitionEvent = {
  id: number;
  at: string;
  /** The official who acted, named; null for the resident and the system. */
  by: { id: string; name: string; role: string } | null;
  actorKind: Actor["actorKind"];
  action: string;
  fromStatus: PetitionStatus | null;
  toStatus: PetitionStatus;
  note: string | null;
  public: boolean;
};

function toEvent(row: EventRow): PetitionEvent {
  return {
    id: row.id,
    at: row.at,
    by: row.actor_id ? { id: row.actor_id, name: row.actor_name ?? "", role: row.actor_role ?? "" } : null,
    actorKind: row.actor_kind,
    action: row.action,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    note: row.note,
    public: row.public === 1,
  };
}

/** A petition's history in order, each official named; only its public entries for the tracking page. */
function eventsStatement(db: D1Database, key: PetitionKey, onlyPublic = false): D1PreparedStatement {
  const { sql, value } = petitionIdSql(key);
  return db
    .prepare(
      `SELECT id, at, actor_id, actor_kind, action, from_status, to_status, note, public,
         (SELECT name FROM accounts WHERE id = petition_events.actor_id) AS actor_name,
         (SELECT role FROM accounts WHERE id = petition_events.actor_id) AS actor_role
       FROM petition_events WHERE petition_id = ${sql}${onlyPublic ? " AND public = 1" : ""} ORDER BY id`,
    )
    .bind(value);
}

const eventsOf = (result: D1Result): PetitionEvent[] => (result.results as EventRow[]).map(toEvent);

export type Actor = { at: string; actorId: string | null; actorKind: "resident" | "official" | "system" };

/** A history entry, written only if the statement before it in the batch changed a row. */
function eventStatement(db: D1Database, petitionId: string, actor: Actor, event: ActionPlan["event"], from: PetitionStatus | null, to: PetitionStatus) {
  return db
    .prepare(
      "INSERT INTO petition_events (petition_id, at, actor_id, actor_kind, action, from_status, to_status, note, public) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE changes() = 1",
    )
    .bind(petitionId, actor.at, actor.actorId, actor.actorKind, event.action, from, to, event.note, event.public ? 1 : 0);
}

// ---------------------------------------------------------------- submitters

export type Submitter = { name: string | null; phone: string | null; email: string | null; address: string | null; citizenId: string | null };
type SubmitterRow = { name: string | null; phone: string | null; email: string | null; address: string | null; citizen_id: string | null };

const toSubmitter = (row: SubmitterRow): Submitter => ({
  name: row.name,
  phone: row.phone,
  email: row.email,
  address: row.address,
  citizenId: row.citizen_id,
});

/**
 * What the inbox's search by name or phone looks in: the name folded (no diacritics, lower case) and the phone, kept
 * beside the identity (and read only where the searcher may see it). Null when there is neither.
 */
export function submitterSearchText(identity: { name?: string | null; phone?: string | null }): string | null {
  const text = foldDiacritics(`${identity.name ?? ""} ${identity.phone ?? ""}`);
  return text === "" ? null : text;
}

/**
 * The submitter's identity: only ever batched for an official (shown only when `canSeeIdentity` allows), or to
 * address a notification to them (never shown then).
 */
export function submitterStatement(db: D1Database, key: PetitionKey): D1PreparedStatement {
  const { sql, value } = petitionIdSql(key);
  return db.prepare(`SELECT name, phone, email, address, citizen_id FROM petition_submitters WHERE petition_id = ${sql}`).bind(value);
}

export const submitterOf = (result: D1Result): Submitter | null => {
  const row = result.results[0] as SubmitterRow | undefined;
  return row ? toSubmitter(row) : null;
};

// ---------------------------------------------------------------- attachments

type AttachmentRow = { id: string; petition_id: string; kv_key: string; content_type: string; size: number; created_at: string };
export type Attachment = { id: string; petitionId: string; kvKey: string; contentType: string; size: number; createdAt: string };

const toAttachment = (row: AttachmentRow): Attachment => ({
  id: row.id,
  petitionId: row.petition_id,
  kvKey: row.kv_key,
  contentType: row.content_type,
  size: row.size,
  createdAt: row.created_at,
});

const ATTACHMENT_COLUMNS = "id, petition_id, kv_key, content_type, size, created_at";

function attachmentsStatement(db: D1Database, petitionId: string): D1PreparedStatement {
  return db.prepare(`SELECT ${ATTACHMENT_COLUMNS} FROM petition_attachments WHERE petition_id = ? ORDER BY created_at, id`).bind(petitionId);
}

export function attachmentStatement(db: D1Database, petitionId: string, attachmentId: string): D1PreparedStatement {
  return db.prepare(`SELECT ${ATTACHMENT_COLUMNS} FROM petition_attachments WHERE petition_id = ? AND id = ?`).bind(petitionId, attachmentId);
}

export const attachmentsOf = (result: D1Result): Attachment[] => (result.results as AttachmentRow[]).map(toAttachment);

type NewPhoto = { id: string; kvKey: string; contentType: string; size: number };

/**
 * Adds photos to a petition, all or none: the first row goes in only while the petition keeps room for every
 * one of them (so two uploads racing cannot pass the limit together), each further row only if the one before went in.
 */
export function addPhotosStatements(db: D1Database, petitionId: string, photos: NewPhoto[], uploadedBy: string, now: string, maxPhotos: number) {
  return photos.map((photo, index) =>
    db
      .prepare(
        `INSERT INTO petition_attachments (id, petition_id, kv_key, content_type, size, uploaded_by, created_at) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
         WHERE ${index === 0 ? "(SELECT count(*) FROM petition_attachments WHERE petition_id = ?2) <= ?8" : "changes() = 1"}`,
      )
      .bind(photo.id, petitionId, photo.kvKey, photo.contentType, photo.size, uploadedBy, now, ...(index === 0 ? [maxPhotos - photos.length] : [])),
  );
}

/** How many photos a petition has (the room left for more). */
export function photoCountStatement(db: D1Database, petitionId: string): D1PreparedStatement {
  return db.prepare("SELECT count(*) AS count FROM petition_attachments WHERE petition_id = ?").bind(petitionId);
}

export const countOf = (result: D1Result): number => (result.results[0] as { count: number } | undefined)?.count ?? 0;

// ---------------------------------------------------------------- whole records

/**
 * Everything an official's view of a petition shows, in one batch: the petition (with its units' and assignee's
 * names), its history (each official named), photos, submitter, the parts of a split letter and the calendar
 * version its deadlines follow. Read inside a write batch too, after the change, so an action answers with it.
 */
export function recordStatements(db: D1Database, id: string): D1PreparedStatement[] {
  const key = { id };
  return [
    petitionStatement(db, key),
    eventsStatement(db, key),
    attachmentsStatement(db, id),
    submitterStatement(db, key),
    partsStatement(db, key),
    deadlinesVersionStatement(db),
  ];
}

export type PetitionRecord = {
  petition: Petition;
  events: PetitionEvent[];
  attachments: Attachment[];
  submitter: Submitter | null;
  parts: PetitionPart[];
  calendarVersion: number;
};

/** The results of `recordStatements` (in that order); null when there is no such petition. */
export function recordOf(results: D1Result[]): PetitionRecord | null {
  const [petition, events, attachments, submitter, parts, version] = results;
  const found = petitionOf(petition);
  if (!found) return null;
  return {
    petition: found,
    events: eventsOf(events),
    attachments: attachmentsOf(attachments),
    submitter: submitterOf(submitter),
    parts: partsOf(parts),
    calendarVersion: versionOf(version),
  };
}

/** What the public view needs, never the submitter: the petition, its public history, its parts and the calendar version. */
export function publicRecordStatements(db: D1Database, key: PetitionKey): D1PreparedStatement[] {
  return [petitionStatement(db, key), eventsStatement(db, key, true), partsStatement(db, key), deadlinesVersionStatement(db)];
}

export type PublicRecord = { petition: Petition; publicEvents: PetitionEvent[]; parts: PetitionPart[]; calendarVersion: number };

export function publicRecordOf(results: D1Result[]): PublicRecord | null {
  const [petition, events, parts, version] = results;
  const found = petitionOf(petition);
  return found ? { petition: found, publicEvents: eventsOf(events), parts: partsOf(parts), calendarVersion: versionOf(version) } : null;
}

// ---------------------------------------------------------------- submission

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

/** An earlier submission under an idempotency key: its body's hash and the petition it made. */
export type IdempotencyRecord = { bodyHash: string; petition: Petition | null };

/** The key's record and the petition it made (two statements, to batch with the submission's other reads). */
export function idempotencyStatements(db: D1Database, key: string): D1PreparedStatement[] {
  return [
    db.prepare("SELECT body_hash FROM idempotency_keys WHERE key = ?").bind(key),
    db.prepare(`SELECT ${PETITION_COLUMNS} FROM petitions WHERE id = (SELECT petition_id FROM idempotency_keys WHERE key = ?)`).bind(key),
  ];
}

/** The tracking code of the petition a key already made (no row while the key is unused): the form's "already sent". */
export function petitionOfKeyStatement(db: D1Database, key: string): D1PreparedStatement {
  return db.prepare("SELECT p.tracking_code FROM idempotency_keys k JOIN petitions p ON p.id = k.petition_id WHERE k.key = ?").bind(key);
}

export const trackingCodeOfKey = (result: D1Result): string | null => (result.results[0] as { tracking_code: string } | undefined)?.tracking_code ?? null;

/** The results of `idempotencyStatements`; null when the key is new. */
export function idempotencyOf([record, petition]: D1Result[]): IdempotencyRecord | null {
  const row = record.results[0] as { body_hash: string } | undefined;
  return row ? { bodyHash: row.body_hash, petition: petitionOf(petition) } : null;
}

export type NewPetition = {
  id: string;
  trackingCode: string;
  input: PetitionSubmission;
  unit: UnitRef;
  provinceCode: string;
  now: string;
  /** The local day of receipt: the day whose rules apply. */
  receivedOn: string;
  acknowledge: Deadline;
  createdBy: string | null;
  idempotency: { key: string; bodyHash: string } | null;
  photos: NewPhoto[];
};

/** The classification a resident's label gives until officials classify: its kind, unless it is `mixed`. */
export const kindFromLabel = (label: PetitionKind | undefined | null): ClassifiedKind | null => (label && label !== "mixed" ? label : null);

/** The petition `insertPetition` writes, without reading it back. */
export function newPetition(petition: NewPetition): Petition {
  const { input } = petition;
  return {
    id: petition.id,
    trackingCode: petition.trackingCode,
    unit: petition.unit,
    provinceCode: petition.provinceCode,
    category: input.category,
    kind: kindFromLabel(input.kind),
    title: input.title,
    status: "received",
    channel: input.channel,
    submittedAt: petition.now,
    dueOn: petition.acknowledge.due,
    assignee: null,
    version: 1,
    receivedUnit: petition.unit,
    residentKind: input.kind ?? null,
    complexity: "normal",
    remoteArea: false,
    needsVerification: false,
    content: input.content,
    anonymous: input.anonymous,
    identityProtected: input.kind === "denunciation",
    peopleCount: input.peopleCount,
    previouslyHandledBy: input.previouslyHandledBy ?? null,
    duplicateOf: null,
    splitFrom: null,
    transfers: 0,
    toBody: null,
    letterNumber: null,
    receivedOn: petition.receivedOn,
    acknowledge: petition.acknowledge,
    acceptedAt: null,
    resolve: null,
    extensions: 0,
    draftAnswer: null,
    publicAnswer: null,
    publicNote: null,
    answeredAt: null,
    closedAt: null,
    feedback: null,
    createdBy: petition.createdBy,
    updatedAt: petition.now,
  };
}

/** The history entry of a submission, as `insertPetition` writes it. */
export const submissionEvent = (petition: NewPetition): PetitionEvent => ({
  id: 0,
  at: petition.now,
  by: null,
  actorKind: petition.createdBy ? "official" : "resident",
  action: "submit",
  fromStatus: null,
  toStatus: "received",
  note: null,
  public: true,
});

/**
 * Writes a petition, its submitter, its first history entry and its photos in one `batch()` (one
 * transaction). With an idempotency key, the key row goes first and every later statement runs only if
 * the statement before it changed a row (`changes() = 1`): a second request with the same key inserts
 * nothing. An anonymous petition stores no identity at all, whatever was sent with it. Returns whether this
 * request created the petition.
 */
export async function insertPetition(db: D1Database, petition: NewPetition): Promise<boolean> {
  const { input, now, acknowledge } = petition;
  const guard = petition.idempotency ? " WHERE changes() = 1" : "";
  const statements: D1PreparedStatement[] = [];
  if (petition.idempotency) {
    statements.push(
      db
        .prepare("INSERT INTO idempotency_keys (key, body_hash, petition_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING")
        .bind(petition.idempotency.key, petition.idempotency.bodyHash, petition.id, now),
    );
  }
  const event = submissionEvent(petition);
  const identity = input.anonymous ? {} : input.submitter;
  statements.push(
    db
      .prepare(
        `INSERT INTO petitions (id, tracking_code, unit_code, province_code, received_unit_code, category, resident_kind, kind, title, content,
           search_folded, channel, anonymous, identity_protected, people_count, previously_handled_by, status, submitted_at, received_on,
           acknowledge_by, ack_from, ack_days, ack_day_kind, due_on, created_by, updated_at)
         SELECT ?1, ?2, ?3, ?4, ?3, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 'received', ?16, ?17, ?18, ?19, ?20, ?21, ?18, ?22, ?16${guard}`,
      )
      .bind(
        petition.id,
        petition.trackingCode,
        input.unitCode,
        petition.provinceCode,
        input.category,
        input.kind ?? null,
        kindFromLabel(input.kind),
        input.title,
        input.content,
        foldDiacritics(`${input.title} ${input.content}`),
        input.channel,
        input.anonymous ? 1 : 0,
        input.kind === "denunciation" ? 1 : 0,
        input.peopleCount,
        input.previouslyHandledBy ?? null,
        now,
        petition.receivedOn,
        acknowledge.due,
        acknowledge.from,
        acknowledge.days,
        acknowledge.dayKind,
        petition.createdBy,
      ),
    db
      .prepare(
        "INSERT INTO petition_submitters (petition_id, name, phone, email, address, citizen_id, search_folded) SELECT ?, ?, ?, ?, ?, ?, ? WHERE changes() = 1",
      )
      .bind(
        petition.id,
        identity.name ?? null,
        identity.phone ?? null,
        identity.email ?? null,
        identity.address ?? null,
        identity.citizenId ?? null,
        submitterSearchText(identity),
      ),
    eventStatement(db, petition.id, { at: now, actorId: petition.createdBy, actorKind: event.actorKind }, event, null, "received"),
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

// ---------------------------------------------------------------- actions

const CHANGE_COLUMNS: Record<Exclude<keyof PetitionChanges, "acknowledge" | "resolve">, string> = {
  status: "status",
  kind: "kind",
  complexity: "complexity",
  remoteArea: "remote_area",
  needsVerification: "needs_verification",
  identityProtected: "identity_protected",
  unitCode: "unit_code",
  assignedTo: "assigned_to",
  duplicateOf: "duplicate_of",
  transfers: "transfers",
  toBody: "to_body",
  letterNumber: "letter_number",
  acceptedAt: "accepted_at",
  extensions: "extensions",
  dueOn: "due_on",
  draftAnswer: "draft_answer",
  publicAnswer: "public_answer",
  publicNote: "public_note",
  answeredAt: "answered_at",
  closedAt: "closed_at",
};

/** A deadline's four columns. */
const DEADLINE_COLUMNS = {
  acknowledge: { due: "acknowledge_by", from: "ack_from", days: "ack_days", dayKind: "ack_day_kind" },
  resolve: { due: "resolve_by", from: "resolve_from", days: "resolve_days", dayKind: "resolve_day_kind" },
} as const;

/** `column = ?` pairs for the changes a plan makes. */
function assignments(changes: PetitionChanges): [string, unknown][] {
  const pairs: [string, unknown][] = [];
  for (const [key, value] of Object.entries(changes) as [keyof PetitionChanges, unknown][]) {
    if (value === undefined) continue;
    if (key === "acknowledge" || key === "resolve") {
      const deadline = value as Deadline;
      const columns = DEADLINE_COLUMNS[key];
      pairs.push([columns.due, deadline.due], [columns.from, deadline.from], [columns.days, deadline.days], [columns.dayKind, deadline.dayKind]);
    } else {
      pairs.push([CHANGE_COLUMNS[key], typeof value === "boolean" ? (value ? 1 : 0) : value]);
    }
  }
  return pairs;
}

export type PlanExtras = { provinceCode?: string; feedback?: { satisfied: boolean; comment: string | null } };

/**
 * Applies a planned action if nobody changed the petition since it was read (its `version`): one guarded UPDATE,
 * then the history entry only if that UPDATE matched (`changes() = 1`), in one transaction. `after` runs in the
 * same transaction: a write there must guard itself (with `changes() = 1` right after the history entry, or with
 * `appliedGuard`), and reads there see the result. Returns whether the plan was applied — false means a concurrent
 * change won (→ 409) — and the results of `after`.
 */
export async function applyPlan(
  db: D1Database,
  petition: Pick<Petition, "id" | "status" | "version">,
  plan: ActionPlan,
  actor: Actor,
  options: { extras?: PlanExtras; after?: D1PreparedStatement[] } = {},
): Promise<{ applied: boolean; after: D1Result[] }> {
  const sets = ["version = version + 1", "updated_at = ?"];
  const params: unknown[] = [actor.at];
  for (const [column, value] of assignments(plan.changes)) {
    sets.push(`${column} = ?`);
    params.push(value);
  }
  const { extras = {} } = options;
  if (extras.provinceCode) {
    sets.push("province_code = ?");
    params.push(extras.provinceCode);
  }
  if (extras.feedback) {
    sets.push("feedback_satisfied = ?", "feedback_comment = ?");
    params.push(extras.feedback.satisfied ? 1 : 0, extras.feedback.comment);
  }
  const to = plan.changes.status ?? petition.status;
  const [update, , ...after] = await db.batch([
    db
      .prepare(`UPDATE petitions SET ${sets.join(", ")} WHERE id = ? AND version = ? AND status = ?`)
      .bind(...params, petition.id, petition.version, petition.status),
    eventStatement(db, petition.id, actor, plan.event, petition.status, to),
    ...(options.after ?? []),
  ]);
  return { applied: update.meta.changes === 1, after };
}

/**
 * The parts of a split letter, for the split's own batch: each a new petition received when the letter was, with
 * the same submitter (copied), its own tracking code, kind and acknowledgement, and a first history entry. Put them
 * right after a statement that wrote exactly one row if and only if the split was applied (its history entry, or
 * the audit entry that follows it): each statement writes exactly one row and runs only if the one before it did
 * (`changes() = 1`), so a split that loses a race — even to another split — makes no parts.
 */
export function splitPartsStatements(
  db: D1Database,
  original: Petition,
  parts: (PlannedPart & { id: string; trackingCode: string })[],
  actor: Actor,
  identityProtected: boolean,
): D1PreparedStatement[] {
  return parts.flatMap((part) => [
    db
      .prepare(
        `INSERT INTO petitions (id, tracking_code, unit_code, province_code, received_unit_code, category, resident_kind, kind, title, content,
           search_folded, channel, anonymous, identity_protected, people_count, previously_handled_by, status, split_from, submitted_at,
           received_on, acknowledge_by, ack_from, ack_days, ack_day_kind, due_on, created_by, updated_at)
         SELECT ?1, ?3, o.unit_code, o.province_code, o.received_unit_code, o.category, o.resident_kind, ?4, ?5, ?6, ?7, o.channel, o.anonymous,
           ?8, o.people_count, o.previously_handled_by, 'received', o.id, o.submitted_at, o.received_on, ?9, ?10, ?11, ?12, ?9, o.created_by, ?13
         FROM petitions o WHERE o.id = ?2 AND changes() = 1`,
      )
      .bind(
        part.id,
        original.id,
        part.trackingCode,
        part.kind,
        part.title,
        part.content,
        foldDiacritics(`${part.title} ${part.content}`),
        identityProtected ? 1 : 0,
        part.acknowledge.due,
        part.acknowledge.from,
        part.acknowledge.days,
        part.acknowledge.dayKind,
        actor.at,
      ),
    // One row whether or not the letter has a submitter row, so the chain holds.
    db
      .prepare(
        `INSERT INTO petition_submitters (petition_id, name, phone, email, address, citizen_id, search_folded)
         SELECT ?1, s.name, s.phone, s.email, s.address, s.citizen_id, s.search_folded FROM (SELECT 1) LEFT JOIN petition_submitters s ON s.petition_id = ?2
         WHERE changes() = 1`,
      )
      .bind(part.id, original.id),
    db
      .prepare(
        `INSERT INTO petition_events (petition_id, at, actor_id, actor_kind, action, from_status, to_status, note, public)
         SELECT ?1, ?2, ?3, ?4, 'split_part', NULL, 'received', ?5, 1 WHERE changes() = 1`,
      )
      .bind(part.id, actor.at, actor.actorId, actor.actorKind, original.trackingCode),
  ]);
}

// ---------------------------------------------------------------- the inbox

export type InboxScope = { unitCode: string } | { provinceCode: string };
export type InboxFilter = {
  status?: PetitionStatus;
  kind?: ClassifiedKind;
  category?: string;
  overdue?: boolean;
  /** Due from today until this many working days after it (`calendar_days`), open petitions only. */
  dueWithinWorkingDays?: number;
  q?: string;
};
/** Who searches: a name or phone is looked for only in petitions whose submitter they may see. */
export type InboxSearcher = { id: string; role: Role };

/** The open states as SQL literals; the same list as the partial index `petitions_by_due`. */
const OPEN_LIST = sqlList(OPEN_STATUSES);

/** The local day `?` working days after the day `?` (the day itself, or the last working day before it, plus that many). */
const WORKING_DAYS_AFTER = `(SELECT c.day FROM calendar_days c WHERE c.working = 1
  AND c.working_index = (SELECT a.working_index FROM calendar_days a WHERE a.day = ?) + ?)`;

/**
 * Whether the searcher may see a petition's submitter, as SQL over its row: `canSeeIdentity` (rules.ts) in the
 * query's words, for the roles that have an inbox — supervisors and heads see every submitter, staff not a
 * protected identity unless the petition is assigned to them. A test holds the two to the same answers.
 */
export function identityVisibleSql(searcher: InboxSearcher): { sql: string; params: unknown[] } {
  if (searcher.role === "supervisor" || searcher.role === "commune_head") return { sql: "1", params: [] };
  if (searcher.role === "commune_staff") {
    return { sql: "((coalesce(kind, '') <> 'denunciation' AND identity_protected = 0) OR assigned_to = ?)", params: [searcher.id] };
  }
  return { sql: "0", params: [] };
}

/**
 * The search of the inbox: a tracking code finds its petition through the code's unique index; words find
 * petitions whose folded title and content hold every one of them, in any order, or — where the searcher may see
 * who sent it — whose submitter's folded name and phone do. Words are LIKEs evaluated inside the scope's
 * index-narrowed rows.
 */
function addSearch(where: Where, search: InboxSearch, searcher: InboxSearcher | undefined) {
  if ("trackingCode" in search) {
    where.add("tracking_code = ?", search.trackingCode);
    return;
  }
  const likes = (column: string, words: string[]) => words.map(() => `${column} LIKE ? ESCAPE '\\'`).join(" AND ");
  const text = likes("search_folded", search.words);
  const visible = searcher ? identityVisibleSql(searcher) : { sql: "0", params: [] };
  if (!search.identityWords.length || visible.sql === "0") {
    where.add(`(${text})`, ...search.words.map(containsPattern));
    return;
  }
  where.add(
    `((${text}) OR (${visible.sql} AND EXISTS (SELECT 1 FROM petition_submitters s WHERE s.petition_id = petitions.id AND ${likes("s.search_folded", search.identityWords)})))`,
    ...search.words.map(containsPattern),
    ...visible.params,
    ...search.identityWords.map(containsPattern),
  );
}

/**
 * The inbox query: the scope (unit or province) and at most one equality filter lead an index ordered by
 * (due_on, id); keyset pagination continues strictly after the last (due_on, id) seen. A search (`addSearch`)
 * narrows inside that subset, or, for a tracking code, goes by the code's own index.
 */
export function inboxQuery(
  scope: InboxScope,
  filter: InboxFilter,
  today: string,
  limit: number,
  after: readonly [string, string] | null,
  searcher?: InboxSearcher,
) {
  const where = new Where();
  if ("unitCode" in scope) where.add("unit_code = ?", scope.unitCode);
  else where.add("province_code = ?", scope.provinceCode);
  where.optional(filter.status, "status = ?").optional(filter.kind, "kind = ?").optional(filter.category, "category = ?");
  const search = filter.q ? inboxSearch(filter.q) : null;
  if (search) addSearch(where, search, searcher);
  if (filter.overdue === true) where.add(`due_on < ? AND status IN (${OPEN_LIST})`, today);
  if (filter.overdue === false) where.add("due_on >= ?", today);
  if (filter.dueWithinWorkingDays !== undefined) {
    where.add(`due_on >= ? AND due_on <= ${WORKING_DAYS_AFTER} AND status IN (${OPEN_LIST})`, today, today, filter.dueWithinWorkingDays);
  }
  if (after) where.add("(due_on, id) > (?, ?)", after[0], after[1]);
  return { sql: `SELECT ${SUMMARY_COLUMNS} FROM petitions${where} ORDER BY due_on, id LIMIT ?`, params: [...where.params, limit + 1] };
}

/** One page of the inbox (and one row more, to know whether another page follows). */
export function inboxStatement(db: D1Database, ...query: Parameters<typeof inboxQuery>): D1PreparedStatement {
  const { sql, params } = inboxQuery(...query);
  return db.prepare(sql).bind(...params);
}

/** How many possible originals a duplicate search lists. */
export const DUPLICATE_CANDIDATES = 10;

/**
 * Petitions of the same unit as `petitionId` that a duplicate's original may be: found by tracking code (its index)
 * or by words of the title and content (inside the unit's (due_on, id) index), the petition itself left out.
 */
export function duplicateCandidatesStatement(db: D1Database, petitionId: string, q: string): D1PreparedStatement {
  const where = new Where().add("unit_code = (SELECT unit_code FROM petitions WHERE id = ?)", petitionId).add("id <> ?", petitionId);
  const search = inboxSearch(q);
  addSearch(where, "trackingCode" in search ? search : { words: search.words, identityWords: [] }, undefined);
  return db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM petitions${where} ORDER BY due_on, id LIMIT ?`).bind(...where.params, DUPLICATE_CANDIDATES + 1);
}

/** The petitions this one points to, to name them: the original it duplicates, the letter it was split from. */
export function relatedPetitionsStatement(db: D1Database, petitionId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM petitions WHERE id IN (SELECT duplicate_of FROM petitions WHERE id = ?1 UNION SELECT split_from FROM petitions WHERE id = ?1)`,
    )
    .bind(petitionId);
}

export const summariesOf = (result: D1Result): PetitionSummary[] => (result.results as SummaryRow[]).map(toPetitionSummary);

export type InboxCounts = { received: number; overdue: number; dueSoon: number; awaitingResident: number; open: number };

/**
 * The dashboard's figures for a unit or a province in one aggregate over the scope's (due_on, id) index:
 * new petitions, open ones past or near their deadline, and answers awaiting the resident. A petition transferred
 * to an outside body is `transferred` without a deadline: finished here, so neither new nor open.
 */
export function inboxCountsStatement(db: D1Database, scope: InboxScope, today: string, soonWorkingDays: number): D1PreparedStatement {
  const [column, value] = "unitCode" in scope ? ["unit_code", scope.unitCode] : ["province_code", scope.provinceCode];
  return db
    .prepare(
      `SELECT
         count(*) FILTER (WHERE status IN ('received', 'transferred') AND due_on <> '9999-12-31') AS received,
         count(*) FILTER (WHERE status IN (${OPEN_LIST}) AND due_on < ?2) AS overdue,
         count(*) FILTER (WHERE status IN (${OPEN_LIST}) AND due_on BETWEEN ?2 AND (SELECT c.day FROM calendar_days c WHERE c.working = 1
           AND c.working_index = (SELECT a.working_index FROM calendar_days a WHERE a.day = ?2) + ?3)) AS due_soon,
         count(*) FILTER (WHERE status = 'answered') AS awaiting,
         count(*) FILTER (WHERE status IN (${OPEN_LIST}) AND due_on <> '9999-12-31') AS open
       FROM petitions WHERE ${column} = ?1`,
    )
    .bind(value, today, soonWorkingDays);
}

export function inboxCountsOf(result: D1Result): InboxCounts {
  const row = result.results[0] as { received: number; overdue: number; due_soon: number; awaiting: number; open: number } | undefined;
  return { received: row?.received ?? 0, overdue: row?.overdue ?? 0, dueSoon: row?.due_soon ?? 0, awaitingResident: row?.awaiting ?? 0, open: row?.open ?? 0 };
}

export async function countInbox(db: D1Database, scope: InboxScope, today: string, soonWorkingDays: number): Promise<InboxCounts> {
  const [counts] = await db.batch([inboxCountsStatement(db, scope, today, soonWorkingDays)]);
  return inboxCountsOf(counts);
}

// ---------------------------------------------------------------- the daily sweep

/**
 * Records once, in each petition's history, that its current deadline was missed. One transaction;
 * `overdue_marked_for` makes a second run on the same day a no-op. Returns how many petitions it marked.
 */
export async function markNewlyOverdue(db: D1Database, today: string, now: string): Promise<number> {
  const pending = `status IN (${OPEN_LIST}) AND due_on < ?1 AND (overdue_marked_for IS NULL OR overdue_marked_for <> due_on)`;
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

// ---------------------------------------------------------------- deadlines after a calendar change

const INTAKE_LIST = sqlList(INTAKE);
/** The running deadline of an open petition, recomputed from its stored parameters over `calendar_days`. */
const RECOMPUTED_DUE = `CASE WHEN status IN (${INTAKE_LIST}) THEN ${deadlineSql("ack_from", "ack_days", "ack_day_kind")}
  ELSE ${deadlineSql("resolve_from", "resolve_days", "resolve_day_kind")} END`;
/** Open petitions with a running deadline, each with it recomputed (NULL when its days lie outside the table). */
const RECOMPUTED = `SELECT id AS petition_id, ${RECOMPUTED_DUE} AS new_due FROM petitions
  WHERE status IN (${OPEN_LIST}) AND due_on <> '9999-12-31'`;

/**
 * Moves every open deadline a calendar change affects, set-based: one INSERT writes a history entry for each
 * petition whose deadline moves (from → to), one UPDATE moves them all (their version too, so an official's form
 * from before is stale), and the calendar's current version is published as the one whose deadlines are in place —
 * in one transaction, so a tracking snapshot is built either before (old deadlines, old version) or after.
 * Idempotent: a second run finds nothing to move. Results: [history entries, moved petitions, publishing, the
 * published version].
 */
export function recomputeDeadlinesStatements(db: D1Database, now: string): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `INSERT INTO petition_events (petition_id, at, actor_id, actor_kind, action, from_status, to_status, note, public)
         SELECT p.id, ?1, NULL, 'system', 'deadline_recomputed', p.status, p.status, p.due_on || ' → ' || r.new_due, 0
         FROM (${RECOMPUTED}) r JOIN petitions p ON p.id = r.petition_id
         WHERE r.new_due IS NOT NULL AND r.new_due <> p.due_on`,
      )
      .bind(now),
    db
      .prepare(
        `UPDATE petitions SET
           acknowledge_by = CASE WHEN status IN (${INTAKE_LIST}) THEN r.new_due ELSE acknowledge_by END,
           resolve_by = CASE WHEN status IN (${INTAKE_LIST}) THEN resolve_by ELSE r.new_due END,
           due_on = r.new_due, version = version + 1, updated_at = ?1
         FROM (${RECOMPUTED}) r
         WHERE petitions.id = r.petition_id AND r.new_due IS NOT NULL AND r.new_due <> petitions.due_on`,
      )
      .bind(now),
    publishDeadlinesStatement(db),
    deadlinesVersionStatement(db),
  ];
}

/** The results of `recomputeDeadlinesStatements`: how many petitions moved, and the calendar version now published. */
export function recomputedOf([, moved, , published]: D1Result[]): { moved: number; publishedVersion: number } {
  return { moved: moved.meta.changes, publishedVersion: versionOf(published) };
}
