import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { getAccountByEmail, insertAccountStatement, updateAccountStatement } from "../accounts/store";
import type { AppEnv } from "../env";
import { Problem } from "../lib/problem";
import { SESSION_COOKIE } from "./access";
import { DECOY_HASH, hashPassword, verifyPassword } from "./password";
import { createSession, deleteSession, loadSessionUser, type SessionUser } from "./sessions";
import { clearAttempts, recordAttempt } from "./store";

/**
 * The first administrator comes from the ADMIN_EMAIL / ADMIN_PASSWORD secrets: created the first time
 * someone signs in with that email, so no request but that one pays for the check.
 */
async function ensureBootstrapAdmin(env: Env, email: string): Promise<void> {
  if (!env.ADMIN_EMAIL || !env.ADMIN_PASSWORD || email !== env.ADMIN_EMAIL.trim().toLowerCase()) return;
  if (await getAccountByEmail(env.DB, email)) return;
  await insertAccountStatement(env.DB, {
    id: crypto.randomUUID(),
    email,
    name: "Quản trị hệ thống",
    role: "admin",
    unitCode: null,
    passwordHash: await hashPassword(env.ADMIN_PASSWORD),
  }).run();
}

/** Checks credentials and opens a session. Throws 429 past the failure limit, 401 on a wrong password, 403 when disabled. */
export async function signIn(env: Env, email: string, password: string): Promise<{ token: string; user: SessionUser }> {
  const verdict = await recordAttempt(env.DB, email, Number(env.LOGIN_MAX_FAILURES), Number(env.LOGIN_LOCK_SECONDS));
  if (!verdict.allowed) {
    throw new Problem(429, `Đăng nhập sai quá nhiều lần; thử lại sau ${Math.ceil(verdict.retryAfterSeconds / 60)} phút / too many failed sign-ins`, {
      headers: { "retry-after": String(verdict.retryAfterSeconds) },
      extensions: { retryAfter: verdict.retryAfterSeconds },
    });
  }
  await ensureBootstrapAdmin(env, email);
  const account = await getAccountByEmail(env.DB, email);
  const matches = await verifyPassword(password, account?.passwordHash ?? DECOY_HASH);
  if (!account || !matches) throw new Problem(401, "Email hoặc mật khẩu không đúng / wrong email or password");
  if (account.disabled) throw new Problem(403, "Tài khoản đã bị khóa / this account is disabled");
  await clearAttempts(env.DB, email);
  const token = await createSession(env, account);
  // Built from D1 directly: reading back the KV entry just written would only add a round trip.
  const user = await loadSessionUser(env.DB, account.id, account.sessionEpoch);
  if (!user) throw new Problem(401, "Phiên đăng nhập không hợp lệ / session could not be opened");
  return { token, user };
}

/** Checks the current password, sets the new one, ends every other session and opens a fresh one. */
export async function changeOwnPassword(env: Env, user: SessionUser, currentPassword: string, newPassword: string): Promise<string> {
  const account = await getAccountByEmail(env.DB, user.email);
  if (!account || !(await verifyPassword(currentPassword, account.passwordHash))) {
    throw new Problem(400, "Mật khẩu hiện tại không đúng / the current password is wrong", {
      errors: [{ path: "currentPassword", message: "Mật khẩu hiện tại không đúng / the current password is wrong" }],
    });
  }
  await updateAccountStatement(env.DB, account.id, { passwordHash: await hashPassword(newPassword), endSessions: true }).run();
  return createSession(env, { id: account.id, sessionEpoch: account.sessionEpoch + 1 });
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
