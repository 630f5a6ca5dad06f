/**
 * Scheduled jobs through the `jobs` queue: the cron handler only enqueues one message per job of its cron; the
 * consumer runs the job named in the message, in an invocation (and query budget) of its own, and retries it
 * alone with backoff. After the last retry the message lands in `jobs-dlq`, whose consumer writes the failure to
 * the audit log. The lists of jobs come from the caller (src/scheduled.ts), so this module knows no domain.
 */
import * as v from "valibot";
import { auditStatement } from "../audit/store";
import type { Job } from "../lib/jobs";

const jobMessageSchema = v.object({ job: v.pipe(v.string(), v.minLength(1), v.maxLength(100)), scheduledTime: v.number() });
export type JobMessage = v.InferOutput<typeof jobMessageSchema>;

/** The cron handler's whole work: one message per job, carrying the time the cron fired for. */
export async function enqueueScheduledJobs(env: { JOBS: Queue }, jobs: readonly Job[], controller: { cron: string; scheduledTime: number }): Promise<number> {
  if (jobs.length === 0) {
    console.warn(JSON.stringify({ level: "warn", event: "jobs.unknown_cron", cron: controller.cron }));
    return 0;
  }
  await env.JOBS.sendBatch(
    jobs.map((job) => ({ body: { job: job.name, scheduledTime: controller.scheduledTime } satisfies JobMessage, contentType: "json" as const })),
  );
  return jobs.length;
}

/** Backoff between a job's attempts: 1, 2, 4 … minutes, at most 15. */
export const jobRetryDelaySeconds = (attempt: number) => Math.min(60 * 2 ** Math.max(0, attempt - 1), 900);

/** Runs each message's job (found by name in `jobs`); a failed job is retried alone. */
export async function consumeJobs(batch: MessageBatch<unknown>, env: Env, jobs: readonly Job[]): Promise<void> {
  for (const message of batch.messages) {
    const parsed = v.safeParse(jobMessageSchema, message.body);
    const job = parsed.success ? jobs.find((candidate) => candidate.name === parsed.output.job) : undefined;
    if (!parsed.success || !job) {
      console.error(JSON.stringify({ level: "error", event: "jobs.unknown_job", body: message.body }));
      message.ack();
      continue;
    }
    const started = Date.now();
    try {
      const result = await job.run(env, new Date(parsed.output.scheduledTime));
      console.log(JSON.stringify({ level: "info", event: "jobs.done", job: job.name, attempts: message.attempts, ms: Date.now() - started, result }));
      message.ack();
    } catch (error) {
      console.error(JSON.stringify({ level: "error", event: "jobs.failed", job: job.name, attempts: message.attempts, message: String(error) }));
      message.retry({ delaySeconds: jobRetryDelaySeconds(message.attempts) });
    }
  }
}

/** `jobs-dlq`: a job that failed every retry is written to the audit log, where administrators look. */
export async function consumeDeadJobs(batch: MessageBatch<unknown>, env: { DB: D1Database }): Promise<void> {
  const entries = batch.messages.map((message) => {
    const parsed = v.safeParse(jobMessageSchema, message.body);
    return auditStatement(env.DB, {
      actorId: null,
      action: "job.failed",
      targetType: "job",
      targetId: parsed.success ? parsed.output.job : "unknown",
      detail: { scheduledTime: parsed.success ? new Date(parsed.output.scheduledTime).toISOString() : null, attempts: message.attempts },
    });
  });
  if (entries.length) await env.DB.batch(entries);
  batch.ackAll();
}
