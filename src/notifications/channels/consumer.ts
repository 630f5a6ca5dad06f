/**
 * The `notifications` queue's consumers. A message carries a row id only; the row decides: a row already sent,
 * skipped or failed, not yet due, or held by another copy of the message is acknowledged without sending again.
 */
import * as v from "valibot";
import { LEASE_SECONDS, retryDelaySeconds } from "../rules";
import { deliveryMessageSchema } from "../schema";
import { claimForDelivery, markUndelivered, type Outcome, outcomeStatement } from "../store";
import { type ChannelEnv, deliverRow } from "./deliver";

type DeliveryEnv = ChannelEnv & { DB: D1Database };

/** Groups a batch's messages by row id (the relay and a redelivery can put two copies in one batch). */
function messagesById(batch: MessageBatch<unknown>): Map<string, Message<unknown>[]> {
  const byId = new Map<string, Message<unknown>[]>();
  for (const message of batch.messages) {
    const parsed = v.safeParse(deliveryMessageSchema, message.body);
    if (!parsed.success) {
      console.error(JSON.stringify({ level: "error", event: "notifications.malformed_message", queue: batch.queue, id: message.id }));
      message.ack();
      continue;
    }
    byId.set(parsed.output.id, [...(byId.get(parsed.output.id) ?? []), message]);
  }
  return byId;
}

/** Delivers a batch: one round trip to claim the rows, the sends in parallel, one round trip to record them. */
export async function consumeDeliveries(batch: MessageBatch<unknown>, env: DeliveryEnv, now = new Date()): Promise<void> {
  const byId = messagesById(batch);
  if (byId.size === 0) return;
  const claimed = await claimForDelivery(env.DB, [...byId.keys()], now);
  const claimedIds = new Set(claimed.map((row) => row.id));
  for (const [id, messages] of byId) if (!claimedIds.has(id)) for (const message of messages) message.ack();

  const outcomes: Outcome[] = await Promise.all(
    claimed.map(async (row): Promise<Outcome> => {
      try {
        const attempt = await deliverRow(env, row, now);
        if (attempt.verdict === "sent") return attempt;
        if (attempt.verdict === "retry") return { verdict: "retry", error: attempt.error, delaySeconds: retryDelaySeconds(row.attempts) };
        return { verdict: attempt.verdict, error: attempt.error };
      } catch (error) {
        console.error(JSON.stringify({ level: "error", event: "notifications.delivery_error", id: row.id, message: String(error) }));
        return { verdict: "retry", error: "unreachable", delaySeconds: retryDelaySeconds(row.attempts) };
      }
    }),
  );
  try {
    if (claimed.length) await env.DB.batch(claimed.map((row, index) => outcomeStatement(env.DB, row.id, outcomes[index], now)));
  } catch (error) {
    // The sends happened but were not recorded: try again once the lease has run out (at least once, never lost).
    console.error(JSON.stringify({ level: "error", event: "notifications.record_failed", message: String(error) }));
    for (const row of claimed) for (const message of byId.get(row.id) ?? []) message.retry({ delaySeconds: LEASE_SECONDS });
    return;
  }
  claimed.forEach((row, index) => {
    const outcome = outcomes[index];
    const [first, ...copies] = byId.get(row.id) ?? [];
    if (outcome.verdict === "retry") first?.retry({ delaySeconds: outcome.delaySeconds });
    else first?.ack();
    for (const copy of copies) copy.ack();
  });
}

/** `notifications-dlq`: the last retry failed, so the row is `failed` (`undelivered`) for officials to see. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: { DB: D1Database }, now = new Date()): Promise<void> {
  const byId = messagesById(batch);
  if (byId.size) await markUndelivered(env.DB, [...byId.keys()], now);
  batch.ackAll();
}
