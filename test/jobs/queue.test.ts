/** Scheduled jobs as queue messages: each runs alone, retries alone with backoff, and a dead one is audited. */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { consumeJobs, enqueueScheduledJobs, jobRetryDelaySeconds } from "../../src/jobs/queue";
import type { Job } from "../../src/lib/jobs";
import { allJobs, JOBS_BY_CRON } from "../../src/scheduled";

const runs: { name: string; at: string }[] = [];
const testJobs: Job[] = [
  { name: "test.ok", run: async (_env, now) => ({ runs: runs.push({ name: "test.ok", at: now.toISOString() }) }) },
  {
    name: "test.broken",
    run: async () => {
      throw new Error("the job's own failure");
    },
  },
];

let counter = 0;
function batchOf(bodies: unknown[], attempts = 1, queue = "jobs") {
  const batch = createMessageBatch(
    queue,
    bodies.map((body) => ({ id: `j${++counter}`, timestamp: new Date(), attempts, body })),
  );
  const delays: (number | undefined)[] = [];
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (options) => {
      delays.push(options?.delaySeconds);
      retry(options);
    };
  }
  return { batch, delays };
}

describe("the jobs queue", () => {
  it("runs each message's job with its scheduled time; a failing job is retried alone with backoff", async () => {
    const scheduledTime = Date.parse("2026-03-09T17:00:00.000Z");
    const { batch, delays } = batchOf([
      { job: "test.ok", scheduledTime },
      { job: "test.broken", scheduledTime },
    ]);
    const ctx = createExecutionContext();
    await consumeJobs(batch, env, testJobs);
    const result = await getQueueResult(batch, ctx);
    expect(runs).toContainEqual({ name: "test.ok", at: "2026-03-09T17:00:00.000Z" });
    expect(result.explicitAcks).toEqual([batch.messages[0].id]);
    expect(result.retryMessages).toEqual([{ msgId: batch.messages[1].id }]);
    expect(delays).toEqual([60]);
    expect([1, 2, 3, 5, 10].map(jobRetryDelaySeconds)).toEqual([60, 120, 240, 900, 900]);
  });

  it("acks an unknown job or a malformed message instead of retrying it forever", async () => {
    const { batch } = batchOf([{ job: "no.such.job", scheduledTime: 0 }, { nope: 1 }]);
    const ctx = createExecutionContext();
    await consumeJobs(batch, env, testJobs);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toHaveLength(2);
  });

  it("a job that failed every retry is written to the audit log", async () => {
    const { batch } = batchOf([{ job: "petitions.mark_overdue", scheduledTime: Date.parse("2026-03-09T17:00:00.000Z") }], 4, "jobs-dlq");
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    expect((await getQueueResult(batch, ctx)).ackAll).toBe(true);
    const entry = await env.DB.prepare(
      "SELECT actor_id, target_type, target_id, detail FROM audit_log WHERE action = 'job.failed' ORDER BY id DESC LIMIT 1",
    ).first<{
      actor_id: string | null;
      target_type: string;
      target_id: string;
      detail: string;
    }>();
    expect(entry).toMatchObject({ actor_id: null, target_type: "job", target_id: "petitions.mark_overdue" });
    expect(JSON.parse(entry?.detail ?? "{}")).toEqual({ scheduledTime: "2026-03-09T17:00:00.000Z", attempts: 4 });
  });

  it("the cron handler enqueues one message per job of its cron, and nothing for an unknown cron", async () => {
    const at = { scheduledTime: Date.now() };
    expect(await enqueueScheduledJobs(env, JOBS_BY_CRON["*/5 * * * *"], { cron: "*/5 * * * *", ...at })).toBe(JOBS_BY_CRON["*/5 * * * *"].length);
    expect(await enqueueScheduledJobs(env, JOBS_BY_CRON["0 17 * * *"], { cron: "0 17 * * *", ...at })).toBe(JOBS_BY_CRON["0 17 * * *"].length);
    expect(await enqueueScheduledJobs(env, [], { cron: "1 2 3 4 5", ...at })).toBe(0);
  });

  it("every cron of wrangler.toml has its jobs, and every job a unique name (the queue finds a job by name)", async () => {
    expect(Object.keys(JOBS_BY_CRON).sort()).toEqual(["*/5 * * * *", "0 1 * * *", "0 17 * * *"]);
    expect(allJobs.map((job) => job.name)).toContain("notifications.relay");
    expect(JOBS_BY_CRON["0 1 * * *"].map((job) => job.name)).toEqual(["sessions.reminders"]);
    // Dashboards the daily run had no query budget left for are taken by the next 5-minute runs.
    expect(JOBS_BY_CRON["*/5 * * * *"].map((job) => job.name)).toContain("reports.dashboards");
    expect(JOBS_BY_CRON["0 17 * * *"].map((job) => job.name)).toContain("reports.dashboards");
    expect(new Set(allJobs.map((job) => job.name)).size).toBe(allJobs.length);
  });
});
