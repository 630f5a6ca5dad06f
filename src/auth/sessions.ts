import { randomToken, sha256Hex } from "../lib/crypto";
import type { RideAlong } from "../lib/database";
import { unauthorized } from "../lib/problem";
import type { Role } from "./roles";
import { accountCheckStatement, loadSessionUser, type SessionCheckRow, toSessionUser } from "./store";

/** The signed-in official as every route sees it: from the KV session, confirmed against D1 on each request. */
export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  unitCode: string | null;
  /** The province the account's unit belongs to: a supervisor's reach. */
  provinceCode: string | null;
  /** The unit's name, for pages (absent from sessions opened before it was kept). */
  unitName?: string | null;
};

/**
 * What KV keeps per token. `user` lets a request know the role before any D1 call; D1 still decides
 * whether the session counts (see `sessionCheck`).
 */
type StoredSession = { accountId: string; epoch: number; issuedAt: string; user?: SessionUser };

/** KV keys hold a hash of the token, so a leaked KV listing does not leak usable tokens. */
const sessionKey = async (token: string) => `session:${await sha256Hex(token)}`;

export async function createSession(env: Env, account: { id: string; sessionEpoch: number }, user: SessionUser): Promise<string> {
  const token = randomToken(32);
  const session: StoredSession = { accountId: account.id, epoch: account.sessionEpoch, issuedAt: new Date().toISOString(), user };
  await env.KV.put(await sessionKey(token), JSON.stringify(session), { expirationTtl: Number(env.SESSION_TTL_SECONDS) });
  return token;
}

export async function deleteSession(env: Env, token: string): Promise<void> {
  await env.KV.delete(await sessionKey(token));
}

export type ResolvedSession = { user: SessionUser; check: RideAlong | null };

/**
 * Resolves a token to its user. KV says the session exists and who it is; the account row in D1 decides
 * whether it still counts — a disabled account or a changed password is refused on the very next request,
 * without waiting for a KV delete to reach every location. That D1 check is returned to ride along with the
 * request's first read (`check`), which throws 401 if D1 says no and otherwise hands over the fresh user.
 */
export async function resolveSession(
  env: Env,
  token: string,
  on: { confirmed: (user: SessionUser) => void; refused: () => void },
): Promise<ResolvedSession | null> {
  if (token.length < 20 || token.length > 100) return null;
  const session = await env.KV.get<StoredSession>(await sessionKey(token), "json");
  if (!session) return null;
  if (!session.user) {
    // A session written before KV carried the user: confirm it now, in a round trip of its own.
    const user = await loadSessionUser(env.DB, session.accountId, session.epoch);
    return user ? { user, check: null } : null;
  }
  const check: RideAlong = {
    statement: accountCheckStatement(env.DB, session.accountId),
    accept(result) {
      const user = toSessionUser(result.results[0] as SessionCheckRow | undefined, session.epoch);
      if (!user) {
        on.refused();
        throw unauthorized("session.ended");
      }
      on.confirmed(user);
    },
  };
  return { user: session.user, check };
}
