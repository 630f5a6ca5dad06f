import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";

let units: TestUnits;
let staff: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  staff = await makeAccount("commune_staff", units.commune);
});

const login = (email: string, password: string) => api("POST", "/api/v1/auth/login", { body: { email, password } });

describe("sign-in", () => {
  it("returns a token and sets an HttpOnly session cookie; the token opens /me", async () => {
    const response = await login(staff.email.toUpperCase(), staff.password);
    expect(response.status).toBe(200);
    const body = await response.json<{ token: string; user: { email: string; role: string; unitCode: string; provinceCode: string } }>();
    expect(body.user).toMatchObject({ email: staff.email, role: "commune_staff", unitCode: units.commune, provinceCode: units.province });
    expect(JSON.stringify(body)).not.toContain("pbkdf2");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await api("GET", "/api/v1/me", { token: body.token });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: staff.id, role: "commune_staff" });
    const sessions = await env.KV.list({ prefix: "session:" });
    expect(sessions.keys.length).toBeGreaterThan(0);
    expect(sessions.keys.some((key) => key.name.includes(body.token))).toBe(false);
  });

  it("refuses a wrong password with 401 and unknown emails the same way", async () => {
    const wrong = await login(staff.email, "Wrong-pass-999");
    expect(wrong.status).toBe(401);
    const unknown = await login("nobody@test.local", "Wrong-pass-999");
    expect(unknown.status).toBe(401);
    expect((await problemOf(unknown)).detail).toBe((await problemOf(wrong)).detail);
  });

  it("validates the body with field paths", async () => {
    const problem = await problemOf(await api("POST", "/api/v1/auth/login", { body: { email: "not-an-email", password: 3 } }));
    expect(problem.errors?.map((error) => error.path).sort()).toEqual(["email", "password"]);
  });

  // Failure limits, throttles and device cookies: test/signin/abuse.test.ts.

  it("creates the first administrator from ADMIN_EMAIL / ADMIN_PASSWORD on first sign-in", async () => {
    const response = await login("root@test.local", "Root-pass-123");
    expect(response.status).toBe(200);
    expect((await response.json<{ user: { role: string } }>()).user.role).toBe("admin");
    expect((await login("root@test.local", "Root-pass-123")).status).toBe(200);
    const count = await env.DB.prepare("SELECT count(*) AS n FROM accounts WHERE email = 'root@test.local'").first<{ n: number }>();
    expect(count?.n).toBe(1);
  });
});

describe("sessions", () => {
  it("refuses a disabled account on its very next request, even with a live KV session", async () => {
    const admin = await makeAccount("admin", null);
    const official = await makeAccount("commune_head", units.commune);
    expect((await api("GET", "/api/v1/me", { token: official.token })).status).toBe(200);
    const patch = await api("PATCH", `/api/v1/accounts/${official.id}`, { token: admin.token, body: { disabled: true } });
    expect(patch.status).toBe(200);
    expect((await api("GET", "/api/v1/me", { token: official.token })).status).toBe(401);
    expect((await login(official.email, official.password)).status).toBe(403);
  });

  it("logs out: the token stops working and the cookie is cleared", async () => {
    const official = await makeAccount("commune_staff", units.commune);
    const out = await api("POST", "/api/v1/auth/logout", { token: official.token });
    expect(out.status).toBe(204);
    expect((await api("GET", "/api/v1/me", { token: official.token })).status).toBe(401);
  });

  it("answers 401 without a session and for a forged token", async () => {
    expect((await api("GET", "/api/v1/me")).status).toBe(401);
    expect((await api("GET", "/api/v1/me", { token: "x".repeat(43) })).status).toBe(401);
  });

  it("changes one's own password: other sessions end, the new token works", async () => {
    const official = await makeAccount("commune_staff", units.commune);
    const second = await login(official.email, official.password);
    const secondToken = (await second.json<{ token: string }>()).token;
    const wrong = await api("POST", "/api/v1/me/password", { token: official.token, body: { currentPassword: "nope", newPassword: "New-pass-4567" } });
    expect(wrong.status).toBe(400);
    expect((await problemOf(wrong)).errors?.[0].path).toBe("currentPassword");
    const weak = await api("POST", "/api/v1/me/password", { token: official.token, body: { currentPassword: official.password, newPassword: "short" } });
    expect((await problemOf(weak)).errors?.[0].path).toBe("newPassword");

    const changed = await api("POST", "/api/v1/me/password", {
      token: official.token,
      body: { currentPassword: official.password, newPassword: "New-pass-4567" },
    });
    expect(changed.status).toBe(200);
    const { token } = await changed.json<{ token: string }>();
    expect((await api("GET", "/api/v1/me", { token })).status).toBe(200);
    expect((await api("GET", "/api/v1/me", { token: secondToken })).status).toBe(401);
    expect((await api("GET", "/api/v1/me", { token: official.token })).status).toBe(401);
    expect((await login(official.email, "New-pass-4567")).status).toBe(200);
  });
});

describe("CSRF", () => {
  it("refuses a cookie-authenticated unsafe request from another origin, accepts same-origin and bearer", async () => {
    const admin = await makeAccount("admin", null);
    const cookie = `sid=${admin.token}`;
    const body = { code: "CSRF1", name: "Tỉnh CSRF", level: "province" };
    const crossSite = await api("POST", "/api/v1/units", { body, headers: { cookie, origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);
    const noOrigin = await api("POST", "/api/v1/units", { body, headers: { cookie } });
    expect(noOrigin.status).toBe(403);
    expect(await env.DB.prepare("SELECT code FROM units WHERE code = 'CSRF1'").first()).toBeNull();
    const sameOrigin = await api("POST", "/api/v1/units", { body, headers: { cookie, origin: "http://127.0.0.1" } });
    expect(sameOrigin.status).toBe(201);
    const bearer = await api("POST", "/api/v1/units", { token: admin.token, body: { ...body, code: "CSRF2" }, headers: { origin: "https://evil.example" } });
    expect(bearer.status).toBe(201);
  });
});
