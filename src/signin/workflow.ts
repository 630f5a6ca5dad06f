/**
 * Sign-in use cases for the API and the pages. First a throttle per client address (the Rate Limiting
 * binding, no D1, no hashing), then the attempt is counted in D1 — per (email, device or address) and per
 * email — before any password is hashed, so parallel guesses cannot slip past a limit. A sign-in is two
 * round trips (count and read the account; then take the attempt back and remember the device), plus one
 * the first time the bootstrap administrator signs in.
 */
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { type AccountRow, insertAccountStatement, toStoredAccount, updateAccountStatement } from "../accounts/store";
import { SESSION_COOKIE } from "../auth/access";
import { DECOY_HASH, hashPassword, verifyPassword } from "../auth/password";
import { createSession, deleteSession, type SessionUser } from "../auth/sessions";
import type { AppEnv } from "../env";
import { fieldError, Problem } from "../lib/problem";
import type { SignInClient } from "./device";
import { type CountedAttempts, clientKeyOf, type SignInLimits, signInVerdict } from "./rules";
import {
  accountForSignInStatement,
  clearClientAttemptsStatement,
  knownDeviceStatement,
  recordClientAttemptStatement,
  recordEmailAttemptStatement,
  rememberDeviceStatement,
  undoEmailAttemptStatement,
} from "./store";

export const signInLimitsOf = (env: Env): SignInLimits => ({
  clientMaxFailures: Number(env.LOGIN_MAX_FAILURES),
  clientWindowSeconds: Number(env.LOGIN_LOCK_SECONDS),
  emailMaxFailures: Number(env.LOGIN_EMAIL_MAX_FAILURES),
  emailWindowSeconds: Number(env.LOGIN_EMAIL_WINDOW_SECONDS),
});

/**
 * Checks credentials and opens a session. Throws 429 past a limit (with Retry-After), 401 on a wrong
 * password, 403 when disabled. `device` is the device id to set in the cookie: the client's own or a new one.
 */
export async function signIn(
  env: Env,
  email: string,
  password: string,
  client: SignInClient,
  newDevice: () => string | null,
): Promise<{ token: string; user: SessionUser; device: string | null }> {
  const { success } = await env.SIGNIN_LIMITER.limit({ key: client.address });
  if (!success) throw new Problem(429, "login.address_throttled", { headers: { "retry-after": "60" }, extensions: { retryAfter: 60 } });

  const limits = signInLimitsOf(env);
  const now = Math.floor(Date.now() / 1000);
  const clientKey = clientKeyOf(client);
  const [clientCount, emailCount, known, found] = await env.DB.batch([
    recordClientAttemptStatement(env.DB, email, clientKey, limits.clientWindowSeconds, now),
    recordEmailAttemptStatement(env.DB, email, limits.emailWindowSeconds, now),
    knownDeviceStatement(env.DB, email, client.device),
    accountForSignInStatement(env.DB, email),
  ]);
  const verdict = signInVerdict(
    {
      client: clientCount.results[0] as CountedAttempts | undefined,
      email: emailCount.results[0] as CountedAttempts | undefined,
      knownDevice: Number((known.results[0] as { known: number } | undefined)?.known) > 0,
    },
    limits,
    now,
  );
  if (!verdict.allowed) {
    throw new Problem(429, verdict.code, {
      params: { minutes: Math.ceil(verdict.retryAfterSeconds / 60) },
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
  const device = client.device ?? newDevice();
  await env.DB.batch([
    clearClientAttemptsStatement(env.DB, email, clientKey),
    undoEmailAttemptStatement(env.DB, email),
    ...(device ? [rememberDeviceStatement(env.DB, email, device, now)] : []),
  ]);
  const user: SessionUser = {
    id: account.id,
    email: account.email,
    name: account.name,
    role: account.role,
    unitCode: account.unitCode,
    provinceCode: row.province_code,
    unitName: row.unit_name ?? null,
  };
  return { token: await createSession(env, account, user), user, device };
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
