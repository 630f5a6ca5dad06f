import { DEADLINES_VERSION_KEY } from "../holidays/store";
import { RECOMPUTE_DEADLINES_JOB } from "../holidays/workflow";
import { localDay } from "../lib/dates";
import type { Job } from "../lib/jobs";
import { markNewlyOverdue, recomputeDeadlinesStatements, recomputedOf } from "./store";

/**
 * The overdue sweep: records once, in each petition's history, that its deadline was missed. Tracking snapshots
 * are not rewritten here (thousands of KV writes a night): a snapshot whose deadline passed without an overdue
 * entry counts as stale and is rebuilt from D1 on its next read.
 *
 * The deadline recomputation: sent by the holiday workflow when the calendar changes (and run nightly too, so a lost
 * message costs a day at most). One batch moves every affected open deadline, with a history entry each; then the
 * published calendar version goes to KV, which makes every older tracking snapshot stale at once.
 */
export const petitionJobs: Job[] = [
  {
    name: "petitions.overdue",
    async run(env, now) {
      return { newlyOverdue: await markNewlyOverdue(env.DB, localDay(now), now.toISOString()) };
    },
  },
  {
    name: RECOMPUTE_DEADLINES_JOB,
    async run(env, now) {
      const { moved, publishedVersion } = recomputedOf(await env.DB.batch(recomputeDeadlinesStatements(env.DB, now.toISOString())));
      // Written on every run (once a night, and per calendar change), so a failed write is mended by the next run.
      await env.KV.put(DEADLINES_VERSION_KEY, String(publishedVersion));
      return { moved, publishedVersion };
    },
  },
];
