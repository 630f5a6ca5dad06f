/** Throttles for the public routes and pages, per client (Cloudflare's CF-Connecting-IP). */
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { Problem } from "../lib/problem";

/** The client a throttle counts: Cloudflare's CF-Connecting-IP. */
const clientKey = (c: Context<AppEnv>) => c.req.header("cf-connecting-ip") ?? "unknown";

/** Registration codes are capabilities: lookups by code are throttled per client so guessing stays hopeless. */
export async function throttleLookups(c: Context<AppEnv>) {
  const { success } = await c.env.REGISTRATION_LIMITER.limit({ key: `registration:${clientKey(c)}` });
  if (!success) throw new Problem(429, "registration.throttled", { headers: { "retry-after": "60" } });
}

/** Public registrations are throttled like petitions, per client. */
export async function throttleRegistrations(c: Context<AppEnv>) {
  const { success } = await c.env.SUBMIT_LIMITER.limit({ key: `register:${clientKey(c)}` });
  if (!success) throw new Problem(429, "registration.submit_throttled", { headers: { "retry-after": "60" } });
}
