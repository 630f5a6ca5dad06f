import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { runDailyJobs } from "../src/scheduled";
import { api, makeAccount, makeUnits, type TestAccount, type TestUnits } from "./support/factory";

let units: TestUnits;
let admin: TestAccount;
let head: TestAccount;
const origin = "http://127.0.0.1";
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

beforeAll(async () => {
  units = await makeUnits();
  admin = await makeAccount("admin", null);
  head = await makeAccount("commune_head", units.commune);
});

describe("server-rendered pages", () => {
  it("serve Vietnamese by default and English when the cookie says so", async () => {
    const vi = await api("GET", "/login");
    const viPage = await vi.text();
    expect(viPage.startsWith("<!DOCTYPE html>"), "standards mode, not quirks").toBe(true);
    expect(viPage).toContain('<html lang="vi">');
    expect(viPage).toContain("<title>Đăng nhập dành cho cán bộ – Đối thoại</title>");
    const en = await api("GET", "/login", { headers: { cookie: "lang=en" } });
    const enPage = await en.text();
    expect(enPage).toContain("<title>Sign in for officials – Đối thoại</title>");
    expect(enPage).not.toContain("Đăng nhập dành cho cán bộ");
    const switched = await api("GET", "/lang/en?next=/login");
    expect(switched.status).toBe(303);
    expect(switched.headers.get("location")).toBe("/login");
    expect(switched.headers.get("set-cookie")).toMatch(/^lang=en/);
    const openRedirect = await api("GET", "/lang/en?next=//evil.example");
    expect(openRedirect.headers.get("location")).toBe("/");
  });

  it("sign in through the form sets the cookie and redirects to the dashboard", async () => {
    const response = await api("POST", "/login", {
      rawBody: form({ email: head.email, password: head.password, next: "/dashboard" }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/dashboard");
    const cookie = response.headers.get("set-cookie")?.split(";")[0] ?? "";
    const dashboard = await api("GET", "/dashboard", { headers: { cookie } });
    expect(await dashboard.text()).toContain("Chủ tịch UBND xã");
  });

  it("send anonymous visitors of admin pages to sign-in and refuse other roles", async () => {
    const anonymous = await api("GET", "/admin/units");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe("/login?next=%2Fadmin%2Funits");
    const wrongRole = await api("GET", "/admin/units", { headers: { cookie: `sid=${head.token}` } });
    expect(wrongRole.status).toBe(403);
  });

  it("create a unit from the admin form; a cross-site form post is refused and stores nothing", async () => {
    const cookie = `sid=${admin.token}`;
    const fields = { code: "PAGE1", name: "Xã Trang", level: "commune", parentCode: units.province, validFrom: "", validTo: "", replacedBy: "" };
    const forged = await api("POST", "/admin/units", {
      rawBody: form(fields),
      headers: { cookie, origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
    });
    expect(forged.status).toBe(403);
    expect(await env.DB.prepare("SELECT code FROM units WHERE code = 'PAGE1'").first()).toBeNull();
    const created = await api("POST", "/admin/units", {
      rawBody: form(fields),
      headers: { cookie, origin, "content-type": "application/x-www-form-urlencoded" },
    });
    expect(created.status).toBe(303);
    expect(await env.DB.prepare("SELECT province_code FROM units WHERE code = 'PAGE1'").first()).toEqual({ province_code: units.province });
    const invalid = await api("POST", "/admin/units", {
      rawBody: form({ ...fields, code: "PAGE2", level: "village" }),
      headers: { cookie, origin, "content-type": "application/x-www-form-urlencoded" },
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('role="alert"');
  });

  it("escape user-supplied text", async () => {
    const cookie = `sid=${admin.token}`;
    await api("POST", "/api/v1/units", { token: admin.token, body: { code: "XSS1", name: "<script>alert(1)</script>", level: "province" } });
    const page = await (await api("GET", "/admin/units?q=script", { headers: { cookie } })).text();
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

describe("daily cron job", () => {
  it("clears login-failure windows that have ended, and only those", async () => {
    const now = Math.floor(Date.now() / 1000);
    await env.DB.batch([
      env.DB.prepare("INSERT INTO login_failures (email, failures, window_started_at) VALUES ('old@test.local', 9, ?)").bind(now - 100_000),
      env.DB.prepare("INSERT INTO login_failures (email, failures, window_started_at) VALUES ('new@test.local', 2, ?)").bind(now),
    ]);
    const result = await runDailyJobs(env, new Date());
    expect((result["signin.forget_old_attempts"] as { cleared: number }).cleared).toBeGreaterThanOrEqual(1);
    const left = await env.DB.prepare("SELECT email FROM login_failures WHERE email IN ('old@test.local', 'new@test.local')").all();
    expect(left.results).toEqual([{ email: "new@test.local" }]);
  });
});
