import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POLICY, policyForPeriod, policyInForce } from "../../src/policies/rules";
import type { Policy } from "../../src/policies/schema";
import { type PolicyRow, policyStatement, toPolicy } from "../../src/policies/store";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";
import { roundTrips } from "../support/sessions";

let units: TestUnits;
let admin: TestAccount;
let supervisor: TestAccount;
let head: TestAccount;
let otherSupervisor: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  admin = await makeAccount("admin", null);
  supervisor = await makeAccount("supervisor", units.province);
  head = await makeAccount("commune_head", units.commune);
  otherSupervisor = await makeAccount("supervisor", units.otherProvince);
});

const policy = (overrides: Partial<Record<string, unknown>> = {}) => ({
  effectiveFrom: "2026-01-01",
  minSessionsPerYear: 2,
  inYearDeadline: "06-30",
  noticeDays: 10,
  resultsDays: 7,
  feedbackWindowWorkingDays: 15,
  reportPeriods: "calendar",
  personalDataRetentionMonths: 24,
  ...overrides,
});
const row = (effectiveFrom: string, noticeDays: number): Policy => ({ ...DEFAULT_POLICY, isDefault: false, effectiveFrom, noticeDays });

describe("the policy in force", () => {
  it.each([
    { day: "2025-12-31", expected: 7 },
    { day: "2026-01-01", expected: 10 },
    { day: "2026-06-30", expected: 10 },
    { day: "2026-07-01", expected: 14 },
    { day: "2030-01-01", expected: 14 },
  ])("on $day: $expected notice days", ({ day, expected }) => {
    const rows = [row("2026-07-01", 14), row("2026-01-01", 10)];
    expect(policyInForce(rows, day).noticeDays).toBe(expected);
  });

  it("judges a period by the policy at its end, and falls back to the defaults of API.md", () => {
    const rows = [row("2026-07-01", 14), row("2026-01-01", 10)];
    expect(policyForPeriod(rows, { from: "2026-01-01", to: "2026-06-30" }).noticeDays).toBe(10);
    expect(policyForPeriod(rows, { from: "2026-01-01", to: "2026-12-31" }).noticeDays).toBe(14);
    expect(policyInForce([], "2026-01-01")).toEqual({
      effectiveFrom: null,
      isDefault: true,
      minSessionsPerYear: 1,
      inYearDeadline: null,
      noticeDays: 7,
      resultsDays: 10,
      feedbackWindowWorkingDays: 10,
      reportPeriods: "cutoff",
      personalDataRetentionMonths: 12,
    });
  });
});

describe("PUT and GET /api/v1/policies/:province", () => {
  it("stores dated rows (201 new, 200 replaced) and answers the policy in force on a day", async () => {
    const created = await api("PUT", `/api/v1/policies/${units.province}`, { token: admin.token, body: policy() });
    expect(created.status).toBe(201);
    expect(roundTrips(created)).toBe(2);
    const later = await api("PUT", `/api/v1/policies/${units.province}`, {
      token: admin.token,
      body: policy({ effectiveFrom: "2026-07-01", noticeDays: 14, inYearDeadline: null }),
    });
    expect(later.status).toBe(201);
    const replaced = await api("PUT", `/api/v1/policies/${units.province}`, { token: admin.token, body: policy({ noticeDays: 12 }) });
    expect(replaced.status).toBe(200);
    const view = await api("GET", `/api/v1/policies/${units.province}?on=2026-03-01`, { token: supervisor.token });
    expect(view.status).toBe(200);
    expect(roundTrips(view)).toBe(1);
    const body = await view.json<{ inForce: Policy; items: Policy[]; province: { code: string; name: string } }>();
    expect(body.province).toEqual({ code: units.province, name: "Tỉnh Thử" });
    expect(body.inForce).toEqual({ ...policy({ noticeDays: 12 }), isDefault: false });
    expect(body.items.map((item) => [item.effectiveFrom, item.noticeDays])).toEqual([
      ["2026-07-01", 14],
      ["2026-01-01", 12],
    ]);
    const july = await (await api("GET", `/api/v1/policies/${units.province}?on=2026-07-01`, { token: head.token })).json<{ inForce: Policy }>();
    expect(july.inForce).toMatchObject({ noticeDays: 14, inYearDeadline: null });
    const before = await (await api("GET", `/api/v1/policies/${units.province}?on=2020-01-01`, { token: head.token })).json<{ inForce: Policy }>();
    expect(before.inForce).toEqual(DEFAULT_POLICY);
    const audits = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'policy.put' AND target_id LIKE ?")
      .bind(`${units.province}/%`)
      .first<{ n: number }>();
    expect(audits?.n).toBe(3);
  });

  it("gives the defaults to a province that set none", async () => {
    const body = await (await api("GET", `/api/v1/policies/${units.otherProvince}`, { token: admin.token })).json<{ inForce: Policy; items: unknown[] }>();
    expect(body).toMatchObject({ inForce: DEFAULT_POLICY, items: [] });
  });

  it("lets administrators write and the province's officials read; others 404, bad input 400", async () => {
    expect((await api("PUT", `/api/v1/policies/${units.province}`, { token: supervisor.token, body: policy() })).status).toBe(403);
    expect((await api("GET", `/api/v1/policies/${units.province}`, { token: otherSupervisor.token })).status).toBe(404);
    expect((await api("GET", `/api/v1/policies/${units.province}`)).status).toBe(401);
    expect((await api("GET", `/api/v1/policies/${units.commune}`, { token: admin.token })).status).toBe(404);
    const bad = await api("PUT", `/api/v1/policies/${units.province}`, {
      token: admin.token,
      body: policy({ effectiveFrom: "2026-02-30", inYearDeadline: "02-30", noticeDays: 0, reportPeriods: "weekly", minSessionsPerYear: 1.5 }),
    });
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).errors?.map((error) => [error.path, error.code])).toEqual([
      ["effectiveFrom", "date.no_such_day"],
      ["minSessionsPerYear", "integer"],
      ["inYearDeadline", "policy.month_day_format"],
      ["noticeDays", "too_small"],
      ["reportPeriods", "choice"],
    ]);
  });
});

describe("the store API others build on", () => {
  it("rides in someone else's batch, with the province given as a value or as an expression", async () => {
    await api("PUT", `/api/v1/policies/${units.province}`, {
      token: admin.token,
      body: policy({ effectiveFrom: "2025-01-01", feedbackWindowWorkingDays: 20 }),
    });
    const [byCode, byUnit, none] = await env.DB.batch([
      policyStatement(env.DB, units.province, "2025-06-01"),
      policyStatement(env.DB, { subquery: "SELECT province_code FROM units WHERE code = ?", params: [units.commune] }, "2025-06-01"),
      policyStatement(env.DB, units.province, "2024-12-31"),
    ]);
    expect(toPolicy(byCode.results as PolicyRow[]).feedbackWindowWorkingDays).toBe(20);
    expect(toPolicy(byUnit.results as PolicyRow[]).feedbackWindowWorkingDays).toBe(20);
    expect(toPolicy(none.results as PolicyRow[])).toEqual(DEFAULT_POLICY);
    const plan = await env.DB.prepare(
      `EXPLAIN QUERY PLAN SELECT effective_from FROM province_policies WHERE province_code = ? AND effective_from <= ? ORDER BY effective_from DESC LIMIT 1`,
    )
      .bind("P", "2026-01-01")
      .all<{ detail: string }>();
    expect(plan.results.map((line) => line.detail).join("\n")).toMatch(/SEARCH province_policies USING PRIMARY KEY \(province_code=\? AND effective_from<\?\)/);
  });
});

describe("the admin page", () => {
  it("shows the policy in force and saves a new row through the form", async () => {
    const headers = { cookie: `sid=${admin.token}`, accept: "text/html" };
    const page = await api("GET", `/admin/policies?province=${units.otherProvince}`, { headers });
    expect(page.status).toBe(200);
    expect(roundTrips(page)).toBe(1);
    expect(await page.text()).toContain("Tỉnh chưa đặt chính sách riêng");
    const form = {
      effectiveFrom: "2027-01-01",
      minSessionsPerYear: "2",
      noticeDays: "10",
      resultsDays: "10",
      feedbackWindowWorkingDays: "10",
      reportPeriods: "cutoff",
      personalDataRetentionMonths: "12",
      inYearDeadline: "",
    };
    const bad = await api("POST", `/admin/policies/${units.otherProvince}`, {
      rawBody: new URLSearchParams({ ...form, noticeDays: "mười" }).toString(),
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1" },
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('id="noticeDays-error"');
    const saved = await api("POST", `/admin/policies/${units.otherProvince}`, {
      rawBody: new URLSearchParams(form).toString(),
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1" },
    });
    expect(saved.status).toBe(303);
    const stored = await env.DB.prepare("SELECT notice_days, in_year_deadline FROM province_policies WHERE province_code = ?")
      .bind(units.otherProvince)
      .first();
    expect(stored).toEqual({ notice_days: 10, in_year_deadline: null });
    expect((await api("GET", "/admin/policies", { headers: { cookie: `sid=${supervisor.token}`, accept: "text/html" } })).status).toBe(403);
  });
});
