import { localDay } from "../lib/dates";
import type { Job } from "../lib/jobs";
import { unitChoicesStatement } from "../units/store";
import { computeDashboard, readSnapshot, writeSnapshot } from "./dashboard";

/**
 * D1 queries one dashboard takes (its one batch: chain, units, policy, the units' policies, sessions, petitions,
 * holidays, commitments, breakdown).
 */
export const QUERIES_PER_DASHBOARD = 9;
/**
 * Queries one run may spend: the Free plan's 50 per invocation, less the list of provinces. A run refreshes as
 * many provinces as fit (5 on the Free plan); the next runs (every 5 minutes) take the rest, so every province is
 * refreshed within the first hour of the day whatever the plan.
 */
export const JOB_QUERY_BUDGET = 49;

/**
 * Precomputes each province's dashboard for the current year into KV, once a day: provinces whose copy was
 * computed today are skipped, so the job is idempotent and can run as often as the cron calls it.
 */
export async function refreshDashboards(env: Env, now: Date, budget = JOB_QUERY_BUDGET): Promise<Record<string, number>> {
  const today = localDay(now);
  const year = Number(today.slice(0, 4));
  const { results } = await unitChoicesStatement(env.DB, { level: "province", day: today }).all<{ code: string }>();
  let left = budget - 1;
  const counts = { provinces: results.length, refreshed: 0, fresh: 0, waiting: 0 };
  for (const { code } of results) {
    const current = await readSnapshot(env.KV, code, year);
    if (current && localDay(new Date(current.asOf)) === today) {
      counts.fresh++;
      continue;
    }
    if (left < QUERIES_PER_DASHBOARD) {
      counts.waiting++;
      continue;
    }
    left -= QUERIES_PER_DASHBOARD;
    const snapshot = await computeDashboard(env.DB, code, { province: code }, year, now);
    if (snapshot) await writeSnapshot(env.KV, snapshot);
    counts.refreshed++;
  }
  return counts;
}

export const reportJobs: Job[] = [{ name: "reports.dashboards", run: (env, now) => refreshDashboards(env, now) }];
