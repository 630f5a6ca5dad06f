import type { Role } from "./roles";
import type { SessionUser } from "./sessions";

/** The account columns a session check reads: enough to rebuild the user and to refuse a stale session. */
export type SessionCheckRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  unit_code: string | null;
  disabled: number;
  session_epoch: number;
  province_code: string | null;
};

/** One indexed lookup by primary key; it rides along with the request's first read. */
export function accountCheckStatement(db: D1Database, accountId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT a.id, a.email, a.name, a.role, a.unit_code, a.disabled, a.session_epoch, u.province_code
       FROM accounts a LEFT JOIN units u ON u.code = a.unit_code WHERE a.id = ?`,
    )
    .bind(accountId);
}

/** The account as a session user, or null when it is gone or disabled, or its sessions were ended since `epoch`. */
export function toSessionUser(row: SessionCheckRow | undefined | null, epoch: number): SessionUser | null {
  if (!row || row.disabled || row.session_epoch !== epoch) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role, unitCode: row.unit_code, provinceCode: row.province_code };
}

export async function loadSessionUser(db: D1Database, accountId: string, epoch: number): Promise<SessionUser | null> {
  return toSessionUser(await accountCheckStatement(db, accountId).first<SessionCheckRow>(), epoch);
}

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

/** Forgets sign-in failure windows older than the lock period (the daily job). */
export async function forgetOldAttempts(db: D1Database, olderThanSeconds: number): Promise<number> {
  const result = await db.prepare("DELETE FROM login_failures WHERE window_started_at < ?").bind(olderThanSeconds).run();
  return result.meta.changes;
}
