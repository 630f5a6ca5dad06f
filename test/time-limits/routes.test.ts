import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { localDay } from "../../src/lib/dates";
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
    const response = await api("PUT", `/api/v1/time-limits/${units.province}/feedback`, { token: admin.token, body: { days: 20, dayKind: "working" } });
    expect(response.status).toBe(200);
    expectRoundTrips(response, 2);
    const { items } = await response.json<{ items: { rule: string; days: number; overridden: boolean }[] }>();
    expect(items.find((item) => item.rule === "feedback")).toEqual({
      provinceCode: units.province,
      rule: "feedback",
      effectiveFrom: localDay(),
      days: 20,
      dayKind: "working",
      provisional: false,
      source: null,
      overridden: true,
    });
    expect((await auditOf(`${units.province}/feedback`)).results.map((row) => JSON.parse(row.detail))).toEqual([
      { days: 20, dayKind: "working", effectiveFrom: localDay(), provisional: false },
    ]);
  });

  it("refuses a commune as a province with a code, and writes nothing", async () => {
    const response = await api("PUT", `/api/v1/time-limits/${units.commune}/feedback`, { token: admin.token, body: { days: 20, dayKind: "working" } });
    expect((await problemOf(response)).errors).toMatchObject([{ path: "province", code: "time_limit.not_province" }]);
    expectRoundTrips(response, 1);
    expect((await auditOf(`${units.commune}/feedback`)).results).toEqual([]);
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
    const row = await env.DB.prepare("SELECT days, day_kind, effective_from FROM time_limits WHERE province_code = ? AND rule = 'complaint'")
      .bind(units.province)
      .first();
    expect(row).toEqual({ days: 35, day_kind: "calendar", effective_from: localDay() });
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
    expect(await notProvince.text()).toMatch(/id="province-error"[^>]*>(<span class="visually-hidden">Lỗi: <\/span>)?Đây không phải mã của một tỉnh/);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM time_limits WHERE province_code = ?").bind(units.commune).first("n")).toBe(0);
  });
});

describe("dated rules", () => {
  type Limits = { on: string; items: { rule: string; days: number; dayKind: string; effectiveFrom: string; provisional: boolean }[] };
  const inForce = async (on: string, province = "*") => (await (await api("GET", `/api/v1/time-limits?province=${province}&on=${on}`)).json<Limits>()).items;
  const rule = (items: Limits["items"], name: string) => items.find((item) => item.rule === name);

  it("each kind has its own acknowledgement rule, from the statutes", async () => {
    const items = await inForce("2026-03-02");
    expect(rule(items, "acknowledge_recommendation")).toMatchObject({ days: 10, dayKind: "working" });
    expect(rule(items, "acknowledge_feedback")).toMatchObject({ days: 10, dayKind: "working" });
    expect(rule(items, "acknowledge_complaint")).toMatchObject({ days: 10, dayKind: "calendar", provisional: false });
    expect(rule(items, "acknowledge_denunciation")).toMatchObject({ days: 7, dayKind: "working" });
    expect(rule(items, "acknowledge_denunciation_verification")).toMatchObject({ days: 10, dayKind: "working" });
    expect(rule(items, "transfer_denunciation")).toMatchObject({ days: 5, dayKind: "working" });
    expect(rule(items, "denunciation_extension")).toMatchObject({ days: 30, dayKind: "calendar" });
  });

  it("the 1/7/2026 change applies from that day on, flagged as provisional until an administrator confirms it", async () => {
    expect(rule(await inForce("2026-06-30"), "acknowledge_complaint")).toMatchObject({ days: 10, dayKind: "calendar", effectiveFrom: "2012-07-01" });
    expect(rule(await inForce("2026-07-01"), "acknowledge_complaint")).toMatchObject({
      days: 7,
      dayKind: "working",
      effectiveFrom: "2026-07-01",
      provisional: true,
    });
    const cookie = `sid=${admin.token}`;
    const page = await (await api("GET", "/admin/time-limits", { headers: { cookie } })).text();
    expect(page).toContain("Có quy định tạm tính");
    expect(page).toContain('action="/admin/time-limits/*/acknowledge_complaint/2026-07-01/confirm"');

    expect((await api("POST", "/api/v1/time-limits/*/acknowledge_complaint/2026-07-02/confirm", { token: admin.token })).status).toBe(404);
    const staff = await makeAccount("commune_staff", units.commune);
    expect((await api("POST", "/api/v1/time-limits/*/acknowledge_complaint/2026-07-01/confirm", { token: staff.token })).status).toBe(403);
    const confirmed = await api("POST", "/admin/time-limits/*/acknowledge_complaint/2026-07-01/confirm", { headers: { cookie, origin } });
    expect(confirmed.status).toBe(303);
    expect(rule(await inForce("2026-07-01"), "acknowledge_complaint")).toMatchObject({ days: 7, provisional: false });
    // Confirming again changes nothing; the sign-in check, then one batch.
    const again = await api("POST", "/api/v1/time-limits/*/acknowledge_complaint/2026-07-01/confirm", { token: admin.token });
    expect(again.status).toBe(200);
    expectRoundTrips(again, 2);
    expect(await (await api("GET", "/admin/time-limits", { headers: { cookie } })).text()).not.toContain("Có quy định tạm tính");
    expect((await auditOf("*/acknowledge_complaint")).results).toEqual([]);
    const audit = await env.DB.prepare("SELECT detail FROM audit_log WHERE action = 'time_limit.confirm' AND target_id = '*/acknowledge_complaint'").all();
    expect(audit.results).toHaveLength(1);
  });

  it("a province's change from a day on leaves the days before it to the rule of their day", async () => {
    const response = await api("PUT", `/api/v1/time-limits/${units.province}/recommendation`, {
      token: admin.token,
      body: { days: 20, dayKind: "working", effectiveFrom: "2027-01-01" },
    });
    expect(response.status).toBe(200);
    expect(rule(await inForce("2026-12-31", units.province), "recommendation")).toMatchObject({ days: 15 });
    expect(rule(await inForce("2027-01-01", units.province), "recommendation")).toMatchObject({ days: 20, effectiveFrom: "2027-01-01" });
  });
});
