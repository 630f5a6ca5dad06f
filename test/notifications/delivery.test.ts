/**
 * End to end through the local Queues: a message sent to `notifications` is delivered by the worker's own
 * consumer (the email file written, the row sent), and the relay — run directly and through the 5-minute cron and
 * the `jobs` queue — re-sends a row whose queue send was lost.
 */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { dispatch, relayOverdue } from "../../src/notifications/workflow";
import { eventually, petitionMessage, rowById, subjectId, writeMessages } from "./support";

const emailFile = async (marker: string) =>
  (await (await env.TEST_HOST.fetch(`http://host/email?marker=${encodeURIComponent(marker)}`)).json()) as { file: string; text: string } | null;

async function newEmailMessage() {
  const petitionId = subjectId();
  const marker = `MARK-${petitionId}`;
  const write = await writeMessages([petitionMessage({ petitionId, data: { unitName: "UBND xã An Khê", trackingCode: marker } })]);
  return { id: write.ids[0], marker };
}

const sentRow = (id: string) => eventually(async () => ((await rowById(id))?.status === "sent" ? rowById(id) : null));

describe("through the notifications queue", () => {
  it("env.NOTIFICATIONS.send → the consumer writes the email file and marks the row sent", async () => {
    const { id, marker } = await newEmailMessage();
    await env.NOTIFICATIONS.send({ id });
    const row = await sentRow(id);
    expect(row?.provider_message_id).toBeTruthy();
    const file = await eventually(() => emailFile(marker));
    expect(file.text).toContain(marker);
  });

  it("dispatch() after the batch sends the ids from waitUntil", async () => {
    const { id } = await newEmailMessage();
    const ctx = createExecutionContext();
    dispatch(env, ctx, [id]);
    await waitOnExecutionContext(ctx);
    expect((await sentRow(id))?.status).toBe("sent");
  });
});

describe("the relay", () => {
  it("re-sends a row whose queue send was lost, once it is overdue, and not before", async () => {
    const { id, marker } = await newEmailMessage(); // written but never dispatched: the request died after its batch
    expect(await relayOverdue(env, new Date())).toMatchObject({ resent: 0 });
    const later = new Date(Date.now() + 3 * 60_000);
    const { resent } = await relayOverdue(env, later);
    expect(resent).toBeGreaterThanOrEqual(1);
    expect((await sentRow(id))?.status).toBe("sent");
    expect((await eventually(() => emailFile(marker))).text).toContain(marker);
  });

  it("runs every 5 minutes as a job of its own: the cron enqueues it, the jobs queue runs it", async () => {
    const { id } = await newEmailMessage();
    const controller = createScheduledController({ cron: "*/5 * * * *", scheduledTime: Date.now() + 3 * 60_000 });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, env, ctx);
    await waitOnExecutionContext(ctx);
    expect((await sentRow(id))?.status).toBe("sent");
  });

  it("gives up a row still pending two days after its hour (failed, expired)", async () => {
    const { id } = await newEmailMessage();
    const old = new Date(Date.now() - 3 * 24 * 3600_000).toISOString();
    await env.DB.prepare("UPDATE outbox SET send_after = ?, next_attempt_at = ? WHERE id = ?").bind(old, old, id).run();
    const { expired } = await relayOverdue(env, new Date());
    expect(expired).toBeGreaterThanOrEqual(1);
    expect(await rowById(id)).toMatchObject({ status: "failed", error: "expired" });
  });
});
