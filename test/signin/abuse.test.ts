/**
 * Sign-in abuse (issue #7, item 7). Each rule with its own test:
 * - a throttle per client address (Rate Limiting binding) before any D1 read or password hash;
 * - a signed, long-lived device cookie on every successful sign-in;
 * - failures counted per (email, device — or address without a device cookie): LOGIN_MAX_FAILURES
 *   (3 in tests, 5 in production) per 15 minutes;
 * - past LOGIN_EMAIL_MAX_FAILURES (50) failures on one email within an hour, only devices that signed in to
 *   it before may try;
 * so the official at their usual browser is never locked out by someone else's guesses, even in parallel.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, freshClientAddress, makeAccount, makeUnits, problemOf, type TestAccount } from "../support/factory";

const MAX = Number(env.LOGIN_MAX_FAILURES);
const EMAIL_MAX = Number(env.LOGIN_EMAIL_MAX_FAILURES);
const WRONG = "Wrong-pass-999";
let commune = "";

beforeAll(async () => {
  commune = (await makeUnits()).commune;
});

type Client = { address: string; cookie?: string };
const login = (email: string, password: string, client: Client) =>
  api("POST", "/api/v1/auth/login", {
    body: { email, password },
    headers: { "cf-connecting-ip": client.address, ...(client.cookie ? { cookie: client.cookie } : {}) },
  });

/** The device cookie a response set, as `did=…` for the next request's Cookie header. */
function deviceCookie(response: Response): string | undefined {
  return response.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith("did="))
    ?.split(";")[0];
}

/** Signs the official in once from a browser of their own: that browser's device cookie. */
async function usualBrowser(official: TestAccount): Promise<Client> {
  const address = freshClientAddress();
  const response = await login(official.email, official.password, { address });
  expect(response.status).toBe(200);
  const cookie = deviceCookie(response);
  expect(cookie).toBeDefined();
  return { address, cookie };
}

const official = () => makeAccount("commune_staff", commune);

describe("the throttle per client address", () => {
  it("refuses an address past 10 attempts a minute before any D1 read or hash, whatever the email; other addresses go on", async () => {
    const address = freshClientAddress();
    // Password spraying: one wrong guess each on many accounts.
    for (let index = 0; index < 10; index++) expect((await login(`nobody${index}.${address}@test.local`, WRONG, { address })).status).toBe(401);
    const someone = await official();
    const throttled = await login(someone.email, someone.password, { address });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("60");
    expect(throttled.headers.get("x-d1-round-trips")).toBe("0");
    expect((await problemOf(throttled)).code).toBe("login.address_throttled");
    expect((await login(someone.email, someone.password, { address: freshClientAddress() })).status).toBe(200);
  });

  it("throttles the sign-in form the same way", async () => {
    const address = freshClientAddress();
    const post = (email: string) =>
      api("POST", "/login", {
        rawBody: new URLSearchParams({ email, password: WRONG }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1", "cf-connecting-ip": address },
      });
    for (let index = 0; index < 10; index++) expect((await post(`form${index}.${address}@test.local`)).status).toBe(401);
    const throttled = await post(`form.last.${address}@test.local`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("x-d1-round-trips")).toBe("0");
  });
});

describe("the device cookie", () => {
  it("is set, signed and long-lived on every successful sign-in, and keeps its id", async () => {
    const someone = await official();
    const first = await login(someone.email, someone.password, { address: freshClientAddress() });
    const setCookie = first.headers.getSetCookie().find((cookie) => cookie.startsWith("did=")) ?? "";
    expect(setCookie).toMatch(/^did=[A-Za-z0-9_-]{16,64}\.[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/Max-Age=34560000/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = deviceCookie(first) ?? "";
    const again = await login(someone.email, someone.password, { address: freshClientAddress(), cookie });
    expect(deviceCookie(again)).toBe(cookie);
    const rows = await env.DB.prepare("SELECT device FROM sign_in_devices WHERE email = ?").bind(someone.email).all<{ device: string }>();
    expect(rows.results.map((row) => row.device)).toEqual([cookie.slice(4).split(".")[0]]);
  });

  it("is ignored when its signature does not hold: a made-up device counts as its address", async () => {
    const someone = await official();
    const browser = await usualBrowser(someone);
    const id = browser.cookie?.slice(4).split(".")[0] ?? "";
    const forged = { address: freshClientAddress(), cookie: `did=${id}.${"A".repeat(43)}` };
    for (let attempt = 0; attempt < MAX; attempt++) expect((await login(someone.email, WRONG, forged)).status).toBe(401);
    expect((await login(someone.email, someone.password, forged)).status).toBe(429);
    // The real device was not charged with the forger's failures.
    expect((await login(someone.email, someone.password, browser)).status).toBe(200);
  });
});

describe("failures per (email, device or address)", () => {
  it("lock a stranger's address for that email only, with Retry-After; the official elsewhere is not locked", async () => {
    const victim = await official();
    const stranger = { address: freshClientAddress() };
    for (let attempt = 0; attempt < MAX; attempt++) expect((await login(victim.email, WRONG, stranger)).status).toBe(401);
    const locked = await login(victim.email, victim.password, stranger);
    expect(locked.status).toBe(429);
    expect((await problemOf(locked)).code).toBe("login.throttled");
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(800);
    expect(Number(locked.headers.get("retry-after"))).toBeLessThanOrEqual(Number(env.LOGIN_LOCK_SECONDS));
    expect((await login(victim.email, victim.password, { address: freshClientAddress() })).status).toBe(200);
    // The stranger's address may still sign in to another account.
    const other = await official();
    expect((await login(other.email, other.password, stranger)).status).toBe(200);
  });

  it("count per device when the browser has one: the official's browser behind the stranger's own address still signs in", async () => {
    const victim = await official();
    const browser = await usualBrowser(victim);
    const sharedAddress = { address: freshClientAddress() };
    for (let attempt = 0; attempt < MAX + 2; attempt++) await login(victim.email, WRONG, sharedAddress);
    expect((await login(victim.email, victim.password, sharedAddress)).status).toBe(429);
    expect((await login(victim.email, victim.password, { ...browser, address: sharedAddress.address })).status).toBe(200);
  });

  it("lock a device that keeps failing, wherever it connects from", async () => {
    const someone = await official();
    const browser = await usualBrowser(someone);
    for (let attempt = 0; attempt < MAX; attempt++) expect((await login(someone.email, WRONG, { ...browser, address: freshClientAddress() })).status).toBe(401);
    expect((await login(someone.email, someone.password, { ...browser, address: freshClientAddress() })).status).toBe(429);
  });

  it("are forgotten for that client on success", async () => {
    const someone = await official();
    const browser = await usualBrowser(someone);
    for (let attempt = 0; attempt < MAX - 1; attempt++) expect((await login(someone.email, WRONG, browser)).status).toBe(401);
    expect((await login(someone.email, someone.password, browser)).status).toBe(200);
    for (let attempt = 0; attempt < MAX - 1; attempt++) expect((await login(someone.email, WRONG, browser)).status).toBe(401);
    expect((await login(someone.email, someone.password, browser)).status).toBe(200);
  });
});

describe(`past ${EMAIL_MAX} failures on one email within an hour`, () => {
  it("only devices that signed in to it before may try; a success does not wipe the strangers' count", async () => {
    const victim = await official();
    const browser = await usualBrowser(victim);
    // Strangers spread their guesses over many addresses, staying under each address's limit.
    let failures = 0;
    while (failures < EMAIL_MAX) {
      const address = { address: freshClientAddress() };
      for (let attempt = 0; attempt < MAX && failures < EMAIL_MAX; attempt++, failures++) expect((await login(victim.email, WRONG, address)).status).toBe(401);
    }
    const freshBrowser = await login(victim.email, victim.password, { address: freshClientAddress() });
    expect(freshBrowser.status).toBe(429);
    expect((await problemOf(freshBrowser)).code).toBe("login.known_devices_only");
    expect(Number(freshBrowser.headers.get("retry-after"))).toBeGreaterThan(3000);
    const forged = { address: freshClientAddress(), cookie: `did=${"x".repeat(24)}.${"A".repeat(43)}` };
    expect((await login(victim.email, victim.password, forged)).status).toBe(429);
    // The official's usual browser: in, wherever it is, and again after.
    expect((await login(victim.email, victim.password, { ...browser, address: freshClientAddress() })).status).toBe(200);
    expect((await login(victim.email, victim.password, browser)).status).toBe(200);
    expect((await login(victim.email, victim.password, { address: freshClientAddress() })).status).toBe(429);
  }, 30_000);

  it("other emails are not affected", async () => {
    const someone = await official();
    expect((await login(someone.email, someone.password, { address: freshClientAddress() })).status).toBe(200);
  });
});

describe("parallel guesses", () => {
  it("no more than the limit reach the hash from one address, and the official's browser signs in meanwhile", async () => {
    const victim = await official();
    const browser = await usualBrowser(victim);
    const stranger = { address: freshClientAddress() };
    const [usual, ...guesses] = await Promise.all([
      login(victim.email, victim.password, browser),
      ...Array.from({ length: 9 }, () => login(victim.email, WRONG, stranger)),
    ]);
    const statuses = guesses.map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(MAX);
    expect(statuses.filter((status) => status === 429)).toHaveLength(9 - MAX);
    expect(usual.status).toBe(200);
    const row = await env.DB.prepare("SELECT failures FROM sign_in_failures WHERE email = ? AND client = ?")
      .bind(victim.email, `address:${stranger.address}`)
      .first<{ failures: number }>();
    expect(row?.failures).toBe(9);
  });
});
