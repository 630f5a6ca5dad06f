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
  // Tracking snapshots are not rewritten here (thousands of KV writes a night): a snapshot whose deadline
  // passed without an overdue entry counts as stale and is rebuilt from D1 on its next read.
  const newlyOverdue = await markNewlyOverdue(env.DB, localDay(now), now.toISOString());
  return { clearedLoginWindows: cleared.meta.changes, newlyOverdue };
}
