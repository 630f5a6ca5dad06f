/**
 * Who may try a password now. Pure: the counters come from `store.ts` (counted before the hash), the limits
 * from the environment. The official at their usual browser is never locked out by someone else's guesses:
 * failures count per (email, device) — or per (email, address) without a device cookie — and past the hourly
 * cap on one email, devices that signed in to it before may still try.
 */

/** A counter row as the counting statements return it (this attempt included). */
export type CountedAttempts = { failures: number; window_started_at: number };

export type SignInLimits = {
  /** Failures allowed per (email, client) within `clientWindowSeconds` (5 per 15 minutes). */
  clientMaxFailures: number;
  clientWindowSeconds: number;
  /** Failures on one email from every client within `emailWindowSeconds` (50 per hour) before only known devices may try. */
  emailMaxFailures: number;
  emailWindowSeconds: number;
};

export type SignInVerdict = { allowed: true } | { allowed: false; code: "login.throttled" | "login.known_devices_only"; retryAfterSeconds: number };

/** `client` and `email` already include this attempt. */
export function signInVerdict(
  counts: { client: CountedAttempts | undefined; email: CountedAttempts | undefined; knownDevice: boolean },
  limits: SignInLimits,
  now: number,
): SignInVerdict {
  const wait = (counted: CountedAttempts, windowSeconds: number) => Math.max(1, counted.window_started_at + windowSeconds - now);
  if (counts.email && counts.email.failures > limits.emailMaxFailures && !counts.knownDevice) {
    return { allowed: false, code: "login.known_devices_only", retryAfterSeconds: wait(counts.email, limits.emailWindowSeconds) };
  }
  if (counts.client && counts.client.failures > limits.clientMaxFailures) {
    return { allowed: false, code: "login.throttled", retryAfterSeconds: wait(counts.client, limits.clientWindowSeconds) };
  }
  return { allowed: true };
}

/** The counter key of a client: its signed device, else its address. */
export const clientKeyOf = (client: { device: string | null; address: string }) => (client.device ? `device:${client.device}` : `address:${client.address}`);
