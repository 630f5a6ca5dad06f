import type { Job } from "../lib/jobs";
import { sendReminders } from "./notify";

/** 08:00 Asia/Ho_Chi_Minh (cron `0 1 * * *`): remind tomorrow's registrants. */
export const sessionReminderJobs: Job[] = [{ name: "sessions.reminders", run: (env, now) => sendReminders(env, now) }];
