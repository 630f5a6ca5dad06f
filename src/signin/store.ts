/**
 * Sign-in counters and known devices, in D1 because the counts must be exact (KV is eventually consistent).
 * Attempts are counted *before* the password is hashed, each in one atomic statement, so that parallel
 * guesses cannot slip past a limit; a success then takes its own attempt back.
 */

/**
 * Counts an attempt on `email` from one client (`device:<id>` or `address:<ip>`). The window restarts once
 * `windowSeconds` since its first attempt have passed.
 */
export function recordClientAttemptStatement(db: D1Database, email: string, client: string, windowSeconds: number, now: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO sign_in_failures (email, client, failures, window_started_at) VALUES (?1, ?2, 1, ?3)
       ON CONFLICT (email, client) DO UPDATE SET
         failures = CASE WHEN ?3 - window_started_at >= ?4 THEN 1 ELSE failures + 1 END,
         window_started_at = CASE WHEN ?3 - window_started_at >= ?4 THEN ?3 ELSE window_started_at END
       RETURNING failures, window_started_at`,
    )
    .bind(email, client, now, windowSeconds);
}

/** Counts an attempt on `email` from any client (the hourly cap past which only known devices may try). */
export function recordEmailAttemptStatement(db: D1Database, email: string, windowSeconds: number, now: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO login_failures (email, failures, window_started_at) VALUES (?1, 1, ?2)
       ON CONFLICT (email) DO UPDATE SET
         failures = CASE WHEN ?2 - window_started_at >= ?3 THEN 1 ELSE failures + 1 END,
         window_started_at = CASE WHEN ?2 - window_started_at >= ?3 THEN ?2 ELSE window_started_at END
       RETURNING failures, window_started_at`,
    )
    .bind(email, now, windowSeconds);
}

/** Whether this device signed in to this email before. */
export function knownDeviceStatement(db: D1Database, email: string, device: string | null): D1PreparedStatement {
  return db.prepare("SELECT count(*) AS known FROM sign_in_devices WHERE email = ? AND device = ?").bind(email, device ?? "");
}

/** After a success: this client's failures are forgotten. */
export function clearClientAttemptsStatement(db: D1Database, email: string, client: string): D1PreparedStatement {
  return db.prepare("DELETE FROM sign_in_failures WHERE email = ? AND client = ?").bind(email, client);
}

/** After a success: the email's hourly count takes the successful attempt back (others' failures stay counted). */
export function undoEmailAttemptStatement(db: D1Database, email: string): D1PreparedStatement {
  return db.prepare("UPDATE login_failures SET failures = max(failures - 1, 0) WHERE email = ?").bind(email);
}

/** After a success: the device is known for this email from now on. */
export function rememberDeviceStatement(db: D1Database, email: string, device: string, now: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO sign_in_devices (email, device, last_signed_in_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (email, device) DO UPDATE SET last_signed_in_at = ?3`,
    )
    .bind(email, device, now);
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

/** Forgets failure windows and devices that count for nothing any more (the daily job). */
export async function forgetOldAttempts(
  db: D1Database,
  cutoffs: { clientWindowsBefore: number; emailWindowsBefore: number; devicesBefore: number },
): Promise<number> {
  const results = await db.batch([
    db.prepare("DELETE FROM sign_in_failures WHERE window_started_at < ?").bind(cutoffs.clientWindowsBefore),
    db.prepare("DELETE FROM login_failures WHERE window_started_at < ?").bind(cutoffs.emailWindowsBefore),
    db.prepare("DELETE FROM sign_in_devices WHERE last_signed_in_at < ?").bind(cutoffs.devicesBefore),
  ]);
  return results.reduce((sum, result) => sum + result.meta.changes, 0);
}
