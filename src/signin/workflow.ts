/**
 * Sign-in use cases for the API and the pages. Failed attempts are counted in D1 before any password is
 * hashed, so parallel guesses cannot slip past the limit; a sign-in is two round trips (count and read the
 * account; then clear the count), plus one the first time the bootstrap administrator signs in.
 */
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { type AccountRow, insertAccountStatement, toStoredAccount, updateAccountStatement } from "../accounts/store";
import { SESSION_COOKIE } from "../auth/access";
import { DECOY_HASH, hashPassword, verifyPassword } from "../auth/password";
import { createSession, deleteSession, type SessionUser } from "../auth/sessions";
import type { AppEnv } from "../env";
import { fieldError, Problem } from "../lib/problem";
import { accountForSignInStatement, clearAttemptsStatement, recordAttemptStatement, toAttemptVerdict } from "./store";

/** Checks credentials and opens a session. Throws 429 past the failure limit, 401 on a wrong password, 403 when disabled. */
export async function signIn(env: Env, email: string, password: string): Promise<{ token: string; user: SessionUser }> {
  const lockSeconds = Number(env.LOGIN_LOCK_SECONDS);
  const [attempt, found] = await env.DB.batch([recordAttemptStatement(env.DB, email, lockSeconds), accountForSignInStatement(env.DB, email)]);
  const verdict = toAttemptVerdict(attempt.results[0], Number(env.LOGIN_MAX_FAILURES), lockSeconds);
  if (!verdict.allowed) {
    const minutes = Math.ceil(verdict.retryAfterSeconds / 60);
    throw new Problem(429, "login.throttled", {
      params: { minutes },
      headers: { "retry-after": String(verdict.retryAfterSeconds) },
      extensions: { retryAfter: verdict.retryAfterSeconds },
    });
  }
  let row = found.results[0] as (AccountRow & { province_code: string | null; unit_name?: string | null }) | undefined;
  if (!row && isBootstrapAdmin(env, email)) row = await createBootstrapAdmin(env, email);
  const account = row ? toStoredAccount(row) : null;
  const matches = await verifyPassword(password, account?.passwordHash ?? DECOY_HASH);
  if (!row || !account || !matches) throw new Problem(401, "login.failed");
  if (account.disabled) throw new Problem(403, "login.disabled");
  await clearAttemptsStatement(env.DB, email).run();
  const user: SessionUser = {
    id: account.id,
    email: account.email,
    name: account.name,
    role: account.role,
    unitCode: account.unitCode,
    provinceCode: row.province_code,
    unitName: row.unit_name ?? null,
  };
  return { token: await createSession(env, account, user), user };
}

/**
 * The first administrator comes from the ADMIN_EMAIL / ADMIN_PASSWORD secrets: created the first time
 * someone signs in with that email, so no request but that one pays for the check.
 */
function isBootstrapAdmin(env: Env, email: string): boolean {
  return Boolean(env.ADMIN_EMAIL && env.ADMIN_PASSWORD && email === env.ADMIN_EMAIL.trim().toLowerCase());
}

async function createBootstrapAdmin(env: Env, email: string): Promise<AccountRow & { province_code: null }> {
  const account = {
    id: crypto.randomUUID(),
    email,
    name: "Quản trị hệ thống",
    role: "admin" as const,
    unitCode: null,
    passwordHash: await hashPassword(env.ADMIN_PASSWORD),
  };
  const [, found] = await env.DB.batch([insertAccountStatement(env.DB, account), accountForSignInStatement(env.DB, email)]);
  return found.results[0] as AccountRow & { province_code: null };
}

/** Checks the current password, sets the new one, ends every other session and opens a fresh one. */
export async function changeOwnPassword(env: Env, user: SessionUser, currentPassword: string, newPassword: string): Promise<string> {
  const row = await accountForSignInStatement(env.DB, user.email).first<AccountRow>();
  const account = row ? toStoredAccount(row) : null;
  if (!account || !(await verifyPassword(currentPassword, account.passwordHash))) {
    throw new Problem(400, "password.wrong", { errors: [fieldError("currentPassword", "password.wrong")] });
  }
  await updateAccountStatement(env.DB, account.id, { passwordHash: await hashPassword(newPassword), endSessions: true }).run();
  return createSession(env, { id: account.id, sessionEpoch: account.sessionEpoch + 1 }, user);
}

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: new URL(c.req.url).protocol === "https:",
    path: "/",
    maxAge: Number(c.env.SESSION_TTL_SECONDS),
  });
}

/** Ends the request's session, from the bearer token or the cookie. */
export async function signOut(c: Context<AppEnv>, cookieToken: string | undefined): Promise<void> {
  const bearer = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const token = bearer ?? cookieToken;
  if (token) await deleteSession(c.env, token);
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}
