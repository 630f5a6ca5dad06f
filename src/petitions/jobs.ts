import { localDay } from "../lib/dates";
import type { Job } from "../lib/jobs";
import { markNewlyOverdue } from "./store";

/**
 * The overdue sweep: records once, in each petition's history, that its deadline was missed. Tracking snapshots
 * are not rewritten here (thousands of KV writes a night): a snapshot whose deadline passed without an overdue
 * entry counts as stale and is rebuilt from D1 on its next read.
 */
export const petitionJobs: Job[] = [
  {
    name: "petitions.overdue",
    async run(env, now) {
      return { newlyOverdue: await markNewlyOverdue(env.DB, localDay(now), now.toISOString()) };
    },
  },
];
