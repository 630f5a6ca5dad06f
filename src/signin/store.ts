/** Failed sign-ins per email, in D1 because the count must be exact (KV is eventually consistent). */
export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts a sign-in attempt *before* the password is hashed, in one atomic statement, so that parallel
 * guesses cannot slip past the limit. A success clears the count (`clearAttemptsStatement`). The window
 * restarts once the lock period since its first attempt has passed.
 */
export function recordAttemptStatement(db: D1Database, email: string, lockSeconds: number): D1PreparedStatement {
  const now = Math.floor(Date.now() / 1000);
  return db
    .prepare(
      `INSERT INTO login_failures (email, failures, window_started_at) VALUES (?1, 1, ?2)
       ON CONFLICT (email) DO UPDATE SET
         failures = CASE WHEN ?2 - window_started_at >= ?3 THEN 1 ELSE failures + 1 END,
         window_started_at = CASE WHEN ?2 - window_started_at >= ?3 THEN ?2 ELSE window_started_at END
       RETURNING failures, window_started_at`,
    )
    .bind(email, now, lockSeconds);
}

export function toAttemptVerdict(row: unknown, maxFailures: number, lockSeconds: number): AttemptVerdict {
  const counted = row as { failures: number; window_started_at: number } | undefined;
  if (!counted || counted.failures <= maxFailures) return { allowed: true };
  const now = Math.floor(Date.now() / 1000);
  return { allowed: false, retryAfterSeconds: Math.max(1, counted.window_started_at + lockSeconds - now) };
}

export function clearAttemptsStatement(db: D1Database, email: string): D1PreparedStatement {
  return db.prepare("DELETE FROM login_failures WHERE email = ?").bind(email);
}

/** The account signing in, with its unit's province (a supervisor's reach), by email. */
export function accountForSignInStatement(db: D1Database, email: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT a.id, a.email, a.name, a.role, a.unit_code, a.disabled, a.password_hash, a.session_epoch, u.province_code, u.name AS unit_name
       FROM accounts a LEFT JOIN units u ON u.code = a.unit_code WHERE a.email = ?`,
    )
    .bind(email);
}

/** Forgets sign-in failure windows older than the lock period (the daily job). */
export async function forgetOldAttempts(db: D1Database, olderThanSeconds: number): Promise<number> {
  const result = await db.prepare("DELETE FROM login_failures WHERE window_started_at < ?").bind(olderThanSeconds).run();
  return result.meta.changes;
}
