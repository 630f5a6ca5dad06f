/** The outbox's SQL: statement builders other domains put into their own batch(), and the deliverer's queries. */
import { chunkForIn, Where } from "../lib/sql";
import type { NotificationError } from "./messages";
import { addSeconds, EXPIRE_AFTER_SECONDS, GRACE_SECONDS, LEASE_SECONDS, maskAddress, normaliseAddress, outboxId } from "./rules";
import type { Channel, NotificationKind, NotificationStatus, NotificationView, OutboxMessage, RecipientRole, ResidentNotification } from "./schema";

export type OutboxRow = {
  id: string;
  event: string;
  recipient: string;
  recipient_role: RecipientRole;
  kind: NotificationKind;
  channel: Channel;
  address: string;
  protected: number;
  unit_code: string;
  province_code: string;
  petition_id: string | null;
  session_id: string | null;
  access_code: string | null;
  data: string;
  status: NotificationStatus;
  send_after: string;
  next_attempt_at: string;
  attempts: number;
  claimed_until: string | null;
  provider_message_id: string | null;
  error: string | null;
  created_at: string;
  sent_at: string | null;
  updated_at: string;
};

/** The columns a recipient selection yields, by these names, for `outboxSelectStatement`: what a message is. */
export const SELECTED_COLUMNS = [
  "event",
  "recipient",
  "recipient_role",
  "kind",
  "channel",
  "address",
  "protected",
  "unit_code",
  "province_code",
  "petition_id",
  "session_id",
  "access_code",
  "data",
] as const;

const COLUMNS = [
  "id",
  ...SELECTED_COLUMNS,
  "status",
  "send_after",
  "next_attempt_at",
  "attempts",
  "claimed_until",
  "provider_message_id",
  "error",
  "created_at",
  "sent_at",
  "updated_at",
] as const;
const SELECT_COLUMNS = COLUMNS.join(", ");

/** The columns a new row sets, read out of one JSON array bound as a single parameter (no 100-parameter limit). */
const INSERT_COLUMNS = ["id", ...SELECTED_COLUMNS, "send_after", "next_attempt_at", "created_at", "updated_at"] as const;
const INSERT_SQL = (guard: string) =>
  `INSERT INTO outbox (${INSERT_COLUMNS.join(", ")}, status)
   SELECT ${INSERT_COLUMNS.map((column) => `json_extract(value, '$.${column}')`).join(", ")}, 'pending'
   FROM json_each(?1) WHERE ${guard}
   ON CONFLICT (id) DO NOTHING`;

/** Rows per INSERT: keeps each statement's bound JSON far below D1's statement limits. */
const ROWS_PER_STATEMENT = 50;

export type OutboxWrite = {
  /** Put these into the same batch() as the change that causes the messages. */
  statements: D1PreparedStatement[];
  /** The ids to `dispatch` once that batch has committed: the messages due now (later ones wait for the relay). */
  ids: string[];
};

export type OutboxOptions = {
  /** Where links point: `publicOrigin(env, c.req.url)`. */
  origin: string;
  /**
   * The statements follow a guarded write in the caller's batch (an `UPDATE … WHERE version = ?`, or an INSERT
   * that follows it with `WHERE changes() = 1`): the messages are written only if that statement changed exactly
   * one row. Put them right after it and last in the batch (they change `changes()` themselves).
   */
  afterGuardedWrite?: boolean;
  now?: Date;
};

/**
 * INSERT statements for messages, for the caller's own `batch()`. Each row's id comes from (event, recipient,
 * channel), and `ON CONFLICT DO NOTHING` makes a retried or doubled request write nothing more.
 */
export async function outboxStatements(db: D1Database, messages: readonly OutboxMessage[], options: OutboxOptions): Promise<OutboxWrite> {
  const now = options.now ?? new Date();
  const nowIso = now.toISOString();
  const rows = await Promise.all(
    messages.map(async (message) => {
      const sendAfter = message.sendAfter && message.sendAfter > nowIso ? new Date(message.sendAfter).toISOString() : nowIso;
      const due = sendAfter === nowIso;
      return {
        id: await outboxId(message.event, message.recipient, message.channel),
        event: message.event,
        recipient: message.recipient,
        recipient_role: message.recipientRole,
        kind: message.kind,
        channel: message.channel,
        address: normaliseAddress(message.channel, message.address),
        protected: message.protected ? 1 : 0,
        unit_code: message.unitCode,
        province_code: message.provinceCode,
        petition_id: message.petitionId ?? null,
        session_id: message.sessionId ?? null,
        access_code: message.accessCode ?? null,
        data: JSON.stringify({ ...message.data, link: new URL(message.linkPath, options.origin).toString() }),
        send_after: sendAfter,
        // Due now: the queue should have delivered it within the grace; later: the relay picks it up at its hour.
        next_attempt_at: due ? addSeconds(now, GRACE_SECONDS) : sendAfter,
        created_at: nowIso,
        updated_at: nowIso,
        due,
      };
    }),
  );
  // One message per (event, recipient, channel) even if the caller listed it twice.
  const unique = [...new Map(rows.map((row) => [row.id, row])).values()];
  const statements: D1PreparedStatement[] = [];
  for (let start = 0; start < unique.length; start += ROWS_PER_STATEMENT) {
    const chunk = unique.slice(start, start + ROWS_PER_STATEMENT).map(({ due: _due, ...row }) => row);
    const json = JSON.stringify(chunk);
    if (!options.afterGuardedWrite) statements.push(db.prepare(INSERT_SQL("1")).bind(json));
    else if (start === 0) statements.push(db.prepare(INSERT_SQL("changes() = 1")).bind(json));
    // Later chunks follow the first chunk rather than the guarded write: they go in only if its first row exists.
    else statements.push(db.prepare(INSERT_SQL("EXISTS (SELECT 1 FROM outbox WHERE id = ?2)")).bind(json, unique[0].id));
  }
  return { statements, ids: unique.filter((row) => row.due).map((row) => row.id) };
}

/**
 * A SELECT of messages whose recipients are known only inside SQL (who was promoted, who is registered now),
 * yielding `SELECTED_COLUMNS` by name: `data` is the template's JSON with its `link`, `event` the occurrence's key.
 * Plain `?` placeholders only. Guard it yourself (`AND EXISTS (…this request's write…)`) so that it selects nothing
 * when the change it follows did not happen.
 */
export type RecipientSelection = { sql: string; params: unknown[] };

/**
 * The INSERT … SELECT variant of `outboxStatements`: one row per selected (event, recipient, channel), rows without
 * an address left out, and nothing more for a triple already in the outbox (the unique index), so a retried
 * request or a second run of a job writes nothing new. `RETURNING id` gives the ids of the rows this statement
 * wrote: `dispatch` them once the batch has committed (`returnedIds`).
 */
export function outboxSelectStatement(db: D1Database, selection: RecipientSelection, options: { now?: Date } = {}): D1PreparedStatement {
  const now = options.now ?? new Date();
  const nowIso = now.toISOString();
  const columns = SELECTED_COLUMNS.join(", ");
  return db
    .prepare(
      `INSERT INTO outbox (id, ${columns}, status, send_after, next_attempt_at, created_at, updated_at)
       SELECT lower(hex(randomblob(16))), ${SELECTED_COLUMNS.map((column) => `m.${column}`).join(", ")}, 'pending', ?, ?, ?, ?
       FROM (${selection.sql}) m WHERE m.address IS NOT NULL AND m.address <> ''
       ON CONFLICT DO NOTHING RETURNING id`,
    )
    .bind(nowIso, addSeconds(now, GRACE_SECONDS), nowIso, nowIso, ...selection.params);
}

/** The ids that `outboxSelectStatement`s wrote, from their results in the batch. */
export const returnedIds = (results: readonly D1Result[]): string[] =>
  results.flatMap((result) => (result.results as { id?: string }[]).flatMap((row) => (typeof row.id === "string" ? [row.id] : [])));

/** `?from, ?from+1, …`: numbered placeholders for an IN list that follows numbered parameters. */
const numbered = (count: number, from: number) => Array.from({ length: count }, (_, index) => `?${from + index}`).join(", ");

export type Claimed = Pick<OutboxRow, "id" | "kind" | "channel" | "address" | "data" | "attempts">;

/**
 * Takes the rows a consumer is about to deliver: still pending, due, and not held by another consumer. The lease
 * keeps a second copy of the message (a redelivery, the relay) from sending at the same time.
 */
export async function claimForDelivery(db: D1Database, ids: readonly string[], now: Date): Promise<Claimed[]> {
  const nowIso = now.toISOString();
  const claimed: Claimed[] = [];
  for (const chunk of chunkForIn(ids)) {
    const { results } = await db
      .prepare(
        `UPDATE outbox SET attempts = attempts + 1, claimed_until = ?1, next_attempt_at = ?2, updated_at = ?3
         WHERE id IN (${numbered(chunk.length, 4)}) AND status = 'pending' AND send_after <= ?3 AND (claimed_until IS NULL OR claimed_until <= ?3)
         RETURNING id, kind, channel, address, data, attempts`,
      )
      .bind(addSeconds(now, LEASE_SECONDS), addSeconds(now, LEASE_SECONDS + GRACE_SECONDS), nowIso, ...chunk)
      .all<Claimed>();
    claimed.push(...results);
  }
  return claimed;
}

/** How one delivery attempt ended. */
export type Outcome =
  | { verdict: "sent"; providerMessageId: string | null }
  | { verdict: "skipped" | "failed"; error: NotificationError }
  | { verdict: "retry"; error: NotificationError; delaySeconds: number };

/** Records an attempt's outcome and releases the lease. A late "sent" wins over "failed": it did go out. */
export function outcomeStatement(db: D1Database, id: string, outcome: Outcome, now: Date): D1PreparedStatement {
  const nowIso = now.toISOString();
  switch (outcome.verdict) {
    case "sent":
      return db
        .prepare(
          "UPDATE outbox SET status = 'sent', provider_message_id = ?1, sent_at = ?2, error = NULL, claimed_until = NULL, updated_at = ?2 WHERE id = ?3 AND status IN ('pending', 'failed')",
        )
        .bind(outcome.providerMessageId, nowIso, id);
    case "skipped":
    case "failed":
      return db
        .prepare("UPDATE outbox SET status = ?1, error = ?2, claimed_until = NULL, updated_at = ?3 WHERE id = ?4 AND status = 'pending'")
        .bind(outcome.verdict, outcome.error, nowIso, id);
    case "retry":
      return db
        .prepare("UPDATE outbox SET error = ?1, claimed_until = NULL, next_attempt_at = ?2, updated_at = ?3 WHERE id = ?4 AND status = 'pending'")
        .bind(outcome.error, addSeconds(now, outcome.delaySeconds + GRACE_SECONDS), nowIso, id);
  }
}

/** After the last retry (the dead-letter queue): the rows still pending are `failed`. */
export async function markUndelivered(db: D1Database, ids: readonly string[], now: Date): Promise<number> {
  let changed = 0;
  for (const chunk of chunkForIn(ids)) {
    const result = await db
      .prepare(
        `UPDATE outbox SET status = 'failed', error = 'undelivered', claimed_until = NULL, updated_at = ?1
         WHERE id IN (${numbered(chunk.length, 2)}) AND status = 'pending'`,
      )
      .bind(now.toISOString(), ...chunk)
      .run();
    changed += result.meta.changes;
  }
  return changed;
}

/**
 * The relay's one round trip: gives up rows pending for days past their hour, then takes the next `limit` rows
 * whose delivery is overdue (a lost queue send, a crashed consumer) or whose hour has come, and moves their
 * deadline on so that the next run does not take them again while the queue delivers them.
 */
export async function takeOverdue(db: D1Database, now: Date, limit: number): Promise<{ ids: string[]; expired: number }> {
  const nowIso = now.toISOString();
  const [expired, taken] = await db.batch([
    db
      .prepare(
        "UPDATE outbox SET status = 'failed', error = 'expired', claimed_until = NULL, updated_at = ?1 WHERE status = 'pending' AND next_attempt_at <= ?1 AND send_after < ?2",
      )
      .bind(nowIso, addSeconds(now, -EXPIRE_AFTER_SECONDS)),
    db
      .prepare(
        `UPDATE outbox SET next_attempt_at = ?1, updated_at = ?2
         WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?2 ORDER BY next_attempt_at LIMIT ?3)
         RETURNING id`,
      )
      .bind(addSeconds(now, GRACE_SECONDS), nowIso, limit),
  ]);
  return { ids: (taken.results as { id: string }[]).map((row) => row.id), expired: expired.meta.changes };
}

/**
 * Registrants' addresses in the messages of sessions whose personal data has ended (ids as a JSON list): blanked,
 * and a message still pending is not sent any more.
 */
export function eraseSessionAddressesStatement(db: D1Database, sessionIdsJson: string, now: string): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE outbox SET address = '', status = CASE status WHEN 'pending' THEN 'skipped' ELSE status END, updated_at = ?
       WHERE session_id IN (SELECT value FROM json_each(?)) AND recipient_role = 'registrant' AND address <> ''`,
    )
    .bind(now, sessionIdsJson);
}

/** Whose messages an official may list: their unit, or a supervisor's province. */
export type NotificationScope = { unitCode: string } | { provinceCode: string };
export type NotificationFilter = { petitionId?: string; sessionId?: string; status?: NotificationStatus };

const scopeClause = (scope: NotificationScope) =>
  "unitCode" in scope ? (["unit_code = ?", scope.unitCode] as const) : (["province_code = ?", scope.provinceCode] as const);

/**
 * The officials' list, newest first, keyset-paginated on (created_at, id): the subject's index when a petition or
 * session is named, else the scope's. With a subject, a second statement tells whether it has messages outside
 * the caller's scope (→ 404, as for any of another unit's data).
 */
export function notificationListStatements(
  db: D1Database,
  scope: NotificationScope,
  filter: NotificationFilter,
  limit: number,
  after: [string, string] | null,
): D1PreparedStatement[] {
  const subject = filter.petitionId
    ? (["petition_id = ?", filter.petitionId] as const)
    : filter.sessionId
      ? (["session_id = ?", filter.sessionId] as const)
      : null;
  const [scopeColumn, scopeValue] = scopeClause(scope);
  // With a subject, `+column` keeps SQLite off the scope's index: the subject's few rows are the narrower start.
  const scopeSql = `${subject ? "+" : ""}${scopeColumn}`;
  const where = new Where()
    .optional(filter.petitionId, "petition_id = ?")
    .optional(filter.sessionId, "session_id = ?")
    .add(scopeSql, scopeValue)
    .optional(filter.status, "status = ?");
  if (after) where.add("(created_at, id) < (?, ?)", after[0], after[1]);
  const list = db.prepare(`SELECT ${SELECT_COLUMNS} FROM outbox${where} ORDER BY created_at DESC, id DESC LIMIT ?`).bind(...where.params, limit + 1);
  if (!subject) return [list];
  const reach = db
    .prepare(
      `SELECT EXISTS (SELECT 1 FROM outbox WHERE ${subject[0]} AND ${scopeSql}) AS inside, EXISTS (SELECT 1 FROM outbox WHERE ${subject[0]} AND NOT (${scopeSql})) AS outside`,
    )
    .bind(subject[1], scopeValue, subject[1], scopeValue);
  return [list, reach];
}

/** An officials' view of a row: the address masked where the identity is protected. */
export function toNotificationView(row: OutboxRow): NotificationView {
  const masked = row.protected === 1;
  return {
    id: row.id,
    at: row.created_at,
    kind: row.kind,
    channel: row.channel,
    status: row.status,
    recipientRole: row.recipient_role,
    address: masked ? maskAddress(row.channel, row.address) : row.address,
    addressMasked: masked,
    unitCode: row.unit_code,
    petitionId: row.petition_id,
    sessionId: row.session_id,
    attempts: row.attempts,
    sentAt: row.sent_at,
    error: row.error,
    providerMessageId: row.provider_message_id,
  };
}

/** Every message about one petition or session, for its page (the caller has checked the official may see it). */
export function subjectNotificationsStatement(db: D1Database, subject: { petitionId: string } | { sessionId: string }, limit = 100): D1PreparedStatement {
  const [column, value] = "petitionId" in subject ? ["petition_id", subject.petitionId] : ["session_id", subject.sessionId];
  return db.prepare(`SELECT ${SELECT_COLUMNS} FROM outbox WHERE ${column} = ? ORDER BY created_at DESC, id DESC LIMIT ?`).bind(value, limit);
}

/** What was sent to the holder of a tracking or registration code, oldest first. */
export function residentNotificationsStatement(db: D1Database, accessCode: string, limit = 50): D1PreparedStatement {
  return db
    .prepare("SELECT created_at, kind, channel, status, address FROM outbox WHERE access_code = ? ORDER BY created_at, id LIMIT ?")
    .bind(accessCode, limit);
}

/** The resident's view: on a public page the address is always masked (the code is all it takes to see it). */
export function toResidentNotification(row: Pick<OutboxRow, "created_at" | "kind" | "channel" | "status" | "address">): ResidentNotification {
  return { at: row.created_at, kind: row.kind, channel: row.channel, status: row.status, address: maskAddress(row.channel, row.address) };
}
