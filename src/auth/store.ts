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
  unit_name: string | null;
};

/** One indexed lookup by primary key; it rides along with the request's first read. */
export function accountCheckStatement(db: D1Database, accountId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT a.id, a.email, a.name, a.role, a.unit_code, a.disabled, a.session_epoch, u.province_code, u.name AS unit_name
       FROM accounts a LEFT JOIN units u ON u.code = a.unit_code WHERE a.id = ?`,
    )
    .bind(accountId);
}

/** The account as a session user, or null when it is gone or disabled, or its sessions were ended since `epoch`. */
export function toSessionUser(row: SessionCheckRow | undefined | null, epoch: number): SessionUser | null {
  if (!row || row.disabled || row.session_epoch !== epoch) return null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    unitCode: row.unit_code,
    provinceCode: row.province_code,
    unitName: row.unit_name,
  };
}

export async function loadSessionUser(db: D1Database, accountId: string, epoch: number): Promise<SessionUser | null> {
  return toSessionUser(await accountCheckStatement(db, accountId).first<SessionCheckRow>(), epoch);
}
