/**
 * The daily cron job (00:00 Asia/Ho_Chi_Minh). Each task is a single idempotent statement or batch,
 * so a retried or doubled run changes nothing more.
 */
export async function runDailyJobs(env: Env, now: Date): Promise<{ clearedLoginWindows: number }> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const cleared = await env.DB.prepare("DELETE FROM login_failures WHERE window_started_at < ?")
    .bind(nowSeconds - Number(env.LOGIN_LOCK_SECONDS))
    .run();
  return { clearedLoginWindows: cleared.meta.changes };
}
