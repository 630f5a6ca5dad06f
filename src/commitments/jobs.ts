import type { Job } from "../lib/jobs";
import { erasePersonalData, markLateCommitments } from "./workflow";

/**
 * Daily (00:00 Asia/Ho_Chi_Minh): commitments past due flagged late once; registrants' personal data erased when the
 * province's retention after a session's results has run out (here rather than in sessions/, because it also
 * blanks the askers' names in the minutes).
 */
export const commitmentJobs: Job[] = [
  { name: "commitments.mark_late", run: (env, now) => markLateCommitments(env, now) },
  { name: "sessions.erase_personal_data", run: (env, now) => erasePersonalData(env, now) },
];
