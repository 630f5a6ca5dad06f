import { localDay } from "./lib/dates";
import { markNewlyOverdue } from "./petitions/store";

/**
 * The daily cron job (00:00 Asia/Ho_Chi_Minh). Each task is a single idempotent statement or batch,
 * so a retried or doubled run changes nothing more.
 */
export async function runDailyJobs(env: Env, now: Date): Promise<{ clearedLoginWindows: number; newlyOverdue: number }> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const cleared = await env.DB.prepare("DELETE FROM login_failures WHERE window_started_at < ?")
    .bind(nowSeconds - Number(env.LOGIN_LOCK_SECONDS))
    .run();
  // Snapshots of overdue petitions are not rewritten here: the tracking page shows the due date, and the
  // next public change rewrites the snapshot with the overdue entry. Rewriting thousands of keys nightly
  // would spend KV writes on a fact the due date already tells.
  const newlyOverdue = await markNewlyOverdue(env.DB, localDay(now), now.toISOString());
  return { clearedLoginWindows: cleared.meta.changes, newlyOverdue };
}
