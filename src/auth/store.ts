/** Failed sign-ins per email, in D1 because the count must be exact (KV is eventually consistent). */

export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts a sign-in attempt *before* the password is hashed, in one atomic statement, so that
 * parallel guesses cannot slip past the limit. A success clears the count (`clearAttempts`).
 * The window restarts once the lock period since its first attempt has passed.
 */
export async function recordAttempt(db: D1Database, email: string, maxFailures: number, lockSeconds: number): Promise<AttemptVerdict> {
  const now = Math.floor(Date.now() / 1000);
  const row = await db
    .prepare(
      `INSERT INTO login_failures (email, failures, window_started_at) VALUES (?1, 1, ?2)
       ON CONFLICT (email) DO UPDATE SET
         failures = CASE WHEN ?2 - window_started_at >= ?3 THEN 1 ELSE failures + 1 END,
         window_started_at = CASE WHEN ?2 - window_started_at >= ?3 THEN ?2 ELSE window_started_at END
       RETURNING failures, window_started_at`,
    )
    .bind(email, now, lockSeconds)
    .first<{ failures: number; window_started_at: number }>();
  if (!row || row.failures <= maxFailures) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, row.window_started_at + lockSeconds - now) };
}

export async function clearAttempts(db: D1Database, email: string): Promise<void> {
  await db.prepare("DELETE FROM login_failures WHERE email = ?").bind(email).run();
}
