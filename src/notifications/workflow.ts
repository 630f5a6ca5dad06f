/**
 * The outbox's use cases: handing committed rows to the queue, the relay that re-sends what the queue never
 * delivered, and the officials' list.
 */

import { auditStatement } from "../audit/store";
import type { SessionUser } from "../auth/sessions";
import { decodeCursor, toPage } from "../lib/pagination";
import { notFound } from "../lib/problem";
import type { DeliveryMessage, NotificationListQuery, NotificationView } from "./schema";
import { type NotificationScope, notificationListStatements, type OutboxRow, takeOverdue, toNotificationView } from "./store";

export type WaitUntil = { waitUntil(promise: Promise<unknown>): void };

/** Queues accept at most 100 messages per sendBatch. */
const SEND_BATCH = 100;

/** Sends row ids to the `notifications` queue. */
export async function enqueueDeliveries(queue: Queue, ids: readonly string[]): Promise<void> {
  for (let start = 0; start < ids.length; start += SEND_BATCH) {
    await queue.sendBatch(ids.slice(start, start + SEND_BATCH).map((id) => ({ body: { id } satisfies DeliveryMessage, contentType: "json" as const })));
  }
}

/**
 * After the caller's batch has committed: hands the new rows to the queue without making the response wait. If
 * this send is lost (the isolate dies, the queue refuses), the relay sends the rows a few minutes later.
 */
export function dispatch(env: { NOTIFICATIONS: Queue }, ctx: WaitUntil, ids: readonly string[]): void {
  if (ids.length === 0) return;
  ctx.waitUntil(
    enqueueDeliveries(env.NOTIFICATIONS, ids).catch((error) => {
      console.error(JSON.stringify({ level: "error", event: "notifications.dispatch_failed", count: ids.length, message: String(error) }));
    }),
  );
}

/**
 * The relay (every 5 minutes): rows still pending past their deadline — a lost queue send, a crashed consumer, a
 * reminder whose hour has come — go to the queue again; rows pending for days are given up as `failed`.
 */
export async function relayOverdue(
  env: { DB: D1Database; NOTIFICATIONS: Queue },
  now: Date,
  { limit = 100, rounds = 10 } = {},
): Promise<{ resent: number; expired: number }> {
  let resent = 0;
  let expired = 0;
  for (let round = 0; round < rounds; round++) {
    const taken = await takeOverdue(env.DB, now, limit);
    expired += taken.expired;
    if (taken.ids.length) await enqueueDeliveries(env.NOTIFICATIONS, taken.ids);
    resent += taken.ids.length;
    if (taken.ids.length < limit) break;
  }
  return { resent, expired };
}

/** Whose messages an official sees: a supervisor's province, else their own unit. */
export function notificationScopeOf(user: SessionUser): NotificationScope {
  return user.role === "supervisor" ? { provinceCode: user.provinceCode ?? "" } : { unitCode: user.unitCode ?? "" };
}

/**
 * `GET /notifications`: one round trip. A petition or session whose messages all lie outside the caller's scope
 * is another unit's data (404). Addresses shown in full are a view of personal data and are logged.
 */
export async function listNotifications(
  env: { DB: D1Database },
  ctx: WaitUntil,
  user: SessionUser,
  query: NotificationListQuery,
): Promise<{ items: NotificationView[]; nextCursor: string | null }> {
  const { limit, cursor, petition, session, status } = query;
  const after = decodeCursor(cursor, 2) as [string, string] | null;
  const results = await env.DB.batch(
    notificationListStatements(env.DB, notificationScopeOf(user), { petitionId: petition, sessionId: session, status }, limit, after),
  );
  const reach = results[1]?.results[0] as { inside: number; outside: number } | undefined;
  if (reach && !reach.inside && reach.outside) throw notFound();
  const page = toPage(results[0].results as OutboxRow[], limit, toNotificationView, (row) => [row.created_at, row.id]);
  const shown = page.items.filter((item) => !item.addressMasked).length;
  if (shown > 0) {
    ctx.waitUntil(
      auditStatement(env.DB, {
        actorId: user.id,
        action: "notification.view_addresses",
        targetType: petition ? "petition" : session ? "session" : "notifications",
        targetId: petition ?? session ?? "*",
        detail: { count: shown, status: status ?? null },
      }).run(),
    );
  }
  return page;
}
