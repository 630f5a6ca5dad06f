/**
 * Which jobs each cron trigger starts (wrangler.toml `[triggers] crons`). Each job becomes a `jobs` queue message
 * of its own, so no job's size limits another's and each retries on its own. Domains export their jobs from
 * `src/<domain>/jobs.ts`; list them here.
 */
import { notificationJobs } from "../notifications/jobs";
import { runDailyJobs } from "../scheduled";
import type { Job } from "./queue";

export const DAILY_CRON = "0 17 * * *"; // 00:00 Asia/Ho_Chi_Minh
export const EVERY_FIVE_MINUTES = "*/5 * * * *";

/** Today's daily work as one job, until it is split into the domains' own jobs. */
const dailyJobs: Job[] = [{ name: "daily", run: runDailyJobs }];

export const JOBS_BY_CRON: Record<string, readonly Job[]> = {
  [DAILY_CRON]: dailyJobs,
  [EVERY_FIVE_MINUTES]: notificationJobs,
};
