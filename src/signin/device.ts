/**
 * The device cookie: a long-lived random id, signed with HMAC (secret DEVICE_COOKIE_SECRET) so that nobody can
 * make up the id of someone else's browser. Set on every successful sign-in; sign-in failures are counted
 * per device, and a device that signed in to an email before may still try it when strangers have
 * hammered it. Without the secret (an old .dev.vars), no device is recognised: failures count per address.
 */
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../env";
import { constantTimeEqual, fromBase64Url, hmacSha256, randomToken, toBase64Url } from "../lib/crypto";

export const DEVICE_COOKIE = "did";
/** Browsers keep a cookie 400 days at most. */
const DEVICE_COOKIE_SECONDS = 400 * 24 * 60 * 60;
const ID_SHAPE = /^[A-Za-z0-9_-]{16,64}$/;

const signatureOf = (secret: string, id: string) => hmacSha256(secret, `device:${id}`);

/** The device id the request's cookie carries, if its signature holds. */
export async function deviceOf(c: Context<AppEnv>): Promise<string | null> {
  const secret = c.env.DEVICE_COOKIE_SECRET;
  const value = getCookie(c, DEVICE_COOKIE);
  if (!secret || !value || value.length > 200) return null;
  const [id, signature] = value.split(".");
  if (!id || !signature || !ID_SHAPE.test(id)) return null;
  let given: Uint8Array;
  try {
    given = fromBase64Url(signature);
  } catch {
    return null;
  }
  return constantTimeEqual(given, await signatureOf(secret, id)) ? id : null;
}

/** Who is signing in: the signed device, and the address (CF-Connecting-IP) that counts when there is none. */
export type SignInClient = { address: string; device: string | null };

export async function signInClientOf(c: Context<AppEnv>): Promise<SignInClient> {
  return { address: c.req.header("cf-connecting-ip") ?? "unknown", device: await deviceOf(c) };
}

/** The device id to remember after a success: the request's own, or a new one. Null without the secret. */
export function deviceToRemember(c: Context<AppEnv>, current: string | null): string | null {
  if (!c.env.DEVICE_COOKIE_SECRET) return null;
  return current ?? randomToken(18);
}

/** Sets (or refreshes) the signed device cookie. */
export async function setDeviceCookie(c: Context<AppEnv>, id: string): Promise<void> {
  const signature = toBase64Url(await signatureOf(c.env.DEVICE_COOKIE_SECRET, id));
  setCookie(c, DEVICE_COOKIE, `${id}.${signature}`, {
    httpOnly: true,
    sameSite: "Lax",
    secure: new URL(c.req.url).protocol === "https:",
    path: "/",
    maxAge: DEVICE_COOKIE_SECONDS,
  });
}
