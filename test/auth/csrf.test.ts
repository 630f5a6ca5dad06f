/**
 * CSRF (issue #7, item 9): only a bearer token that opens a session skips the origin check; a cookie with any
 * other Authorization header (a bogus `Basic`, an unknown bearer) must come from our origin. Signing in —
 * the form and the API, which both set the cookie — is refused from another site (login CSRF).
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, type TestAccount, uniqueCode } from "../support/factory";

const ORIGIN = "http://127.0.0.1";
const EVIL = "https://evil.example";
let admin: TestAccount;

beforeAll(async () => {
  admin = await makeAccount("admin", null);
});

const unitExists = async (code: string) => (await env.DB.prepare("SELECT code FROM units WHERE code = ?").bind(code).first()) !== null;
const newProvince = (code: string) => ({ code, name: "Tỉnh Chéo Trang", level: "province" });

describe("the origin check on cookie sessions", () => {
  it.each([
    ["a bogus Basic header", "Basic Zm9vOmJhcg=="],
    ["an unknown bearer token", "Bearer not-a-session-token-at-all-0123456789"],
    ["an empty Authorization header", ""],
  ])("is not skipped for %s: a cross-site API write with the cookie is refused and stores nothing", async (_name, authorization) => {
    const code = uniqueCode("X");
    const response = await api("POST", "/api/v1/units", {
      body: newProvince(code),
      headers: { cookie: `sid=${admin.token}`, authorization, origin: EVIL },
    });
    expect(response.status).toBe(403);
    expect(await unitExists(code)).toBe(false);
  });

  it("is not skipped for a bogus Basic header on a page form either", async () => {
    const code = uniqueCode("X");
    const response = await api("POST", "/admin/units", {
      rawBody: new URLSearchParams({ code, name: "Tỉnh Chéo Trang", level: "province" }).toString(),
      headers: { cookie: `sid=${admin.token}`, authorization: "Basic Zm9vOmJhcg==", origin: EVIL, "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(403);
    expect(await unitExists(code)).toBe(false);
  });

  it("is skipped for a bearer token that opens a session (no browser sends one by itself)", async () => {
    const code = uniqueCode("X");
    const response = await api("POST", "/api/v1/units", { body: newProvince(code), token: admin.token, headers: { origin: EVIL } });
    expect(response.status).toBe(201);
    expect(await unitExists(code)).toBe(true);
  });

  it("lets the same cookie write from our own origin", async () => {
    const code = uniqueCode("X");
    const response = await api("POST", "/api/v1/units", {
      body: newProvince(code),
      headers: { cookie: `sid=${admin.token}`, authorization: "Basic Zm9vOmJhcg==", origin: ORIGIN },
    });
    expect(response.status).toBe(201);
  });
});

describe("signing in from another site (login CSRF)", () => {
  const form = (account: TestAccount) => new URLSearchParams({ email: account.email, password: account.password }).toString();

  it.each([
    ["a foreign Origin", { origin: EVIL }],
    ["Origin: null", { origin: "null" }],
    ["Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
    ["no Origin at all", {}],
  ])("the form refuses %s and sets no session cookie", async (_name, headers) => {
    const official = await makeAccount("commune_staff", null);
    const response = await api("POST", "/login", { rawBody: form(official), headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie") ?? "").not.toMatch(/sid=/);
  });

  it("the form signs in from our own origin", async () => {
    const official = await makeAccount("commune_staff", null);
    const response = await api("POST", "/login", { rawBody: form(official), headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN } });
    expect(response.status).toBe(303);
    expect(response.headers.get("set-cookie")).toMatch(/^sid=/);
  });

  it.each([
    ["a foreign Origin", { origin: EVIL }],
    ["Sec-Fetch-Site: same-site", { "sec-fetch-site": "same-site" }],
  ])("the API refuses %s and sets no session cookie", async (_name, headers) => {
    const official = await makeAccount("commune_staff", null);
    const response = await api("POST", "/api/v1/auth/login", { body: { email: official.email, password: official.password }, headers });
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie") ?? "").not.toMatch(/sid=/);
  });

  it("the API signs in a client that says nothing of where it runs, and our own pages", async () => {
    const official = await makeAccount("commune_staff", null);
    expect((await api("POST", "/api/v1/auth/login", { body: { email: official.email, password: official.password } })).status).toBe(200);
    const again = await api("POST", "/api/v1/auth/login", { body: { email: official.email, password: official.password }, headers: { origin: ORIGIN } });
    expect(again.status).toBe(200);
  });
});
