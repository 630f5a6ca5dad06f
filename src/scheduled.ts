import { commitmentJobs } from "./commitments/jobs";
import type { Job } from "./lib/jobs";
import { notificationJobs } from "./notifications/jobs";
import { petitionJobs } from "./petitions/jobs";
import { reportJobs } from "./reports/jobs";
import { sessionReminderJobs } from "./sessions/jobs";
import { signInJobs } from "./signin/jobs";

/** Every daily job of the product (00:00 Asia/Ho_Chi_Minh), each exported by its domain. */
export const dailyJobs: Job[] = [...signInJobs, ...petitionJobs, ...commitmentJobs, ...reportJobs];

/**
 * The jobs each cron trigger of wrangler.toml starts. The cron handler enqueues one `jobs` queue message per job
 * (src/jobs/queue.ts), so each runs in an invocation of its own and retries on its own.
 */
export const JOBS_BY_CRON: Record<string, readonly Job[]> = {
  "0 17 * * *": dailyJobs, // 00:00 Asia/Ho_Chi_Minh
  // The outbox relay, and messages whose hour has come; dashboards the daily run left for later (within the query budget).
  "*/5 * * * *": [...notificationJobs, ...reportJobs],
  "0 1 * * *": sessionReminderJobs, // 08:00 Asia/Ho_Chi_Minh: the day-before reminders
};

/** Every job the queue may be asked to run, by name. */
export const allJobs: Job[] = [...new Set(Object.values(JOBS_BY_CRON).flat())];

/**
 * Runs each daily job on its own: a failing job is logged and the others still run. Each job is idempotent,
 * so a retried or doubled run changes nothing more.
 */
export async function runDailyJobs(env: Env, now: Date, jobs: Job[] = dailyJobs): Promise<Record<string, Record<string, number> | { error: string }>> {
  const results: Record<string, Record<string, number> | { error: string }> = {};
  for (const job of jobs) {
    try {
      results[job.name] = await job.run(env, now);
    } catch (error) {
      console.error(JSON.stringify({ level: "error", job: job.name, message: String(error) }));
      results[job.name] = { error: String(error) };
    }
  }
  return results;
}
