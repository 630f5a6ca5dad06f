/**
 * Scheduled jobs through the `jobs` queue: the cron handler only enqueues one message per job; the consumer runs
 * the job named in the message, with an invocation (and query budget) of its own, retrying it with backoff.
 * After the last retry the message lands in `jobs-dlq`, whose consumer records the failure in the audit log.
 */
import * as v from "valibot";
import { auditStatement } from "../lib/audit";
import { JOBS_BY_CRON } from "./list";

/** What a domain's `jobs.ts` exports: a stable name and the work, given the time it was scheduled for. */
export type Job = { name: string; run(env: Env, now: Date): Promise<unknown> };

const jobMessageSchema = v.object({ job: v.pipe(v.string(), v.minLength(1), v.maxLength(100)), scheduledTime: v.number() });
export type JobMessage = v.InferOutput<typeof jobMessageSchema>;

/** Every job any cron starts, by name. */
function findJob(name: string, lists: Record<string, readonly Job[]>): Job | undefined {
  for (const jobs of Object.values(lists)) {
    const job = jobs.find((candidate) => candidate.name === name);
    if (job) return job;
  }
  return undefined;
}

/** The cron handler's whole work: one message per job of that cron. */
export async function enqueueScheduledJobs(env: { JOBS: Queue }, cron: string, scheduledTime: number, lists = JOBS_BY_CRON): Promise<number> {
  const jobs = lists[cron] ?? [];
  if (jobs.length === 0) {
    console.warn(JSON.stringify({ level: "warn", event: "jobs.unknown_cron", cron }));
    return 0;
  }
  await env.JOBS.sendBatch(jobs.map((job) => ({ body: { job: job.name, scheduledTime } satisfies JobMessage, contentType: "json" as const })));
  return jobs.length;
}

/** Backoff between a job's attempts: 1, 2, 4 … minutes, at most 15. */
export const jobRetryDelaySeconds = (attempt: number) => Math.min(60 * 2 ** Math.max(0, attempt - 1), 900);

/** Runs each message's job; a failed job is retried alone. */
export async function consumeJobs(batch: MessageBatch<unknown>, env: Env, lists = JOBS_BY_CRON): Promise<void> {
  for (const message of batch.messages) {
    const parsed = v.safeParse(jobMessageSchema, message.body);
    const job = parsed.success ? findJob(parsed.output.job, lists) : undefined;
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
    const name = parsed.success ? parsed.output.job : "unknown";
    return auditStatement(env.DB, {
      actorId: null,
      action: "job.failed",
      targetType: "job",
      targetId: name,
      detail: { scheduledTime: parsed.success ? new Date(parsed.output.scheduledTime).toISOString() : null, attempts: message.attempts },
    });
  });
  if (entries.length) await env.DB.batch(entries);
  batch.ackAll();
}
