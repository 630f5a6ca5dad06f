import { randomToken, sha256Hex } from "../lib/crypto";
import type { Role } from "./roles";

/** The signed-in official as every route sees it, read fresh from D1 on each request. */
export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  unitCode: string | null;
  /** The province the account's unit belongs to: a supervisor's reach. */
  provinceCode: string | null;
};

type StoredSession = { accountId: string; epoch: number; issuedAt: string };

/** KV keys hold a hash of the token, so a leaked KV listing does not leak usable tokens. */
const sessionKey = async (token: string) => `session:${await sha256Hex(token)}`;

export async function createSession(env: Env, account: { id: string; sessionEpoch: number }): Promise<string> {
  const token = randomToken(32);
  const session: StoredSession = { accountId: account.id, epoch: account.sessionEpoch, issuedAt: new Date().toISOString() };
  await env.KV.put(await sessionKey(token), JSON.stringify(session), { expirationTtl: Number(env.SESSION_TTL_SECONDS) });
  return token;
}

export async function deleteSession(env: Env, token: string): Promise<void> {
  await env.KV.delete(await sessionKey(token));
}

type AccountAuthRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  unit_code: string | null;
  disabled: number;
  session_epoch: number;
  province_code: string | null;
};

/** The account as a session user, or null when it is gone or disabled, or its sessions were ended since `epoch`. */
export async function loadSessionUser(db: D1Database, accountId: string, epoch: number): Promise<SessionUser | null> {
  const row = await db
    .prepare(
      `SELECT a.id, a.email, a.name, a.role, a.unit_code, a.disabled, a.session_epoch, u.province_code
       FROM accounts a LEFT JOIN units u ON u.code = a.unit_code WHERE a.id = ?`,
    )
    .bind(accountId)
    .first<AccountAuthRow>();
  if (!row || row.disabled || row.session_epoch !== epoch) return null;
  return { id: row.id, email: row.email, name: row.name, role: row.role, unitCode: row.unit_code, provinceCode: row.province_code };
}

/**
 * Resolves a token to its user. KV says the session exists; the account row in D1 decides whether
 * it still counts — a disabled account or a changed password is refused on the very next request,
 * without waiting for a KV delete to reach every location.
 */
export async function resolveSession(env: Env, token: string): Promise<SessionUser | null> {
  if (token.length < 20 || token.length > 100) return null;
  const session = await env.KV.get<StoredSession>(await sessionKey(token), "json");
  return session ? loadSessionUser(env.DB, session.accountId, session.epoch) : null;
}
