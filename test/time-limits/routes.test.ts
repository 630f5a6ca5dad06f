import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";
import { expectRoundTrips } from "../support/round-trips";

let units: TestUnits;
let admin: TestAccount;
const origin = "http://127.0.0.1";

beforeAll(async () => {
  units = await makeUnits();
  admin = await makeAccount("admin", null);
});

const auditOf = (target: string) =>
  env.DB.prepare("SELECT detail FROM audit_log WHERE action = 'time_limit.put' AND target_id = ? ORDER BY id").bind(target).all<{ detail: string }>();

describe("/api/v1/time-limits", () => {
  it("reads in one round trip", async () => {
    expectRoundTrips(await api("GET", "/api/v1/time-limits"), 1);
    expectRoundTrips(await api("GET", `/api/v1/time-limits?province=${units.province}`), 1);
  });

  it("a change is two round trips: the province, then the value, its audit entry and the limits in force", async () => {
    const response = await api("PUT", `/api/v1/time-limits/${units.province}/mixed`, { token: admin.token, body: { days: 20, dayKind: "working" } });
    expect(response.status).toBe(200);
    expectRoundTrips(response, 2);
    const { items } = await response.json<{ items: { rule: string; days: number; overridden: boolean }[] }>();
    expect(items.find((item) => item.rule === "mixed")).toEqual({
      provinceCode: units.province,
      rule: "mixed",
      days: 20,
      dayKind: "working",
      overridden: true,
    });
    expect((await auditOf(`${units.province}/mixed`)).results.map((row) => JSON.parse(row.detail))).toEqual([{ days: 20, dayKind: "working" }]);
  });

  it("refuses a commune as a province with a code, and writes nothing", async () => {
    const response = await api("PUT", `/api/v1/time-limits/${units.commune}/mixed`, { token: admin.token, body: { days: 20, dayKind: "working" } });
    expect((await problemOf(response)).errors).toMatchObject([{ path: "province", code: "time_limit.not_province" }]);
    expectRoundTrips(response, 1);
    expect((await auditOf(`${units.commune}/mixed`)).results).toEqual([]);
  });
});

describe("/admin/time-limits", () => {
  const cookie = () => `sid=${admin.token}`;
  const post = (fields: Record<string, string>) =>
    api("POST", "/admin/time-limits", {
      rawBody: new URLSearchParams(fields).toString(),
      headers: { cookie: cookie(), origin, "content-type": "application/x-www-form-urlencoded" },
    });

  it("shows a province's limits in one round trip and saves one in two", async () => {
    expectRoundTrips(await api("GET", `/admin/time-limits?province=${units.province}`, { headers: { cookie: cookie() } }), 1);
    const saved = await post({ province: units.province, rule: "complaint", days: "35", dayKind: "calendar" });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/admin/time-limits?province=${units.province}&saved=1`);
    expectRoundTrips(saved, 2);
    const row = await env.DB.prepare("SELECT days, day_kind FROM time_limits WHERE province_code = ? AND rule = 'complaint'").bind(units.province).first();
    expect(row).toEqual({ days: 35, day_kind: "calendar" });
  });

  it("shows errors next to the fields of the row that failed, keeps what was typed, and saves nothing", async () => {
    const response = await post({ province: "*", rule: "feedback", days: "400", dayKind: "working" });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('role="alert"');
    expect(page).toContain('href="#days-feedback"');
    expect(page).toMatch(/id="days-feedback-error"[^>]*>(<span class="visually-hidden">Lỗi: <\/span>)?Lớn nhất là 365\./);
    expect(page).toMatch(/id="days-feedback"[^>]*aria-invalid="true"/);
    expect(page).toMatch(/id="days-feedback"[^>]*value="400"/);
    expect(page).not.toMatch(/id="days-complaint"[^>]*aria-invalid/);
    const notProvince = await post({ province: units.commune, rule: "feedback", days: "12", dayKind: "working" });
    expect(notProvince.status).toBe(400);
    expect(await notProvince.text()).toMatch(/id="tl-province-error"[^>]*>(<span class="visually-hidden">Lỗi: <\/span>)?Đây không phải mã của một tỉnh/);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM time_limits WHERE province_code = ?").bind(units.commune).first("n")).toBe(0);
  });
});
