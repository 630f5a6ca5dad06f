import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { insertReportPetition, insertSession } from "../support/reports";
import { roundTripsOf } from "../support/round-trips";

// The reports, the oversight pages and Open311 against the round-trip budget: every read is one (the sign-in
// check rides along, or is the one trip of a page read from KV), a write two. test/round-trips.test.ts checks
// that every route is budgeted somewhere.

let units: TestUnits;
let supervisor: TestAccount;
let head: TestAccount;
let admin: TestAccount;
let trackingCode = "";
let petitionId = "";
let clientId = "";
let apiKey = "";

beforeAll(async () => {
  units = await makeUnits();
  [supervisor, head, admin] = await Promise.all([
    makeAccount("supervisor", units.province),
    makeAccount("commune_head", units.commune),
    makeAccount("admin", null),
  ]);
  await insertSession({ unit: units.commune, province: units.province, chair: head.id, startsAt: "2026-03-02T01:00:00.000Z" });
  petitionId = await insertReportPetition({
    unit: units.commune,
    province: units.province,
    submittedAt: "2026-03-02T02:00:00.000Z",
    acknowledgeBy: "2026-03-16",
    kind: "feedback",
  });
  trackingCode =
    (await (
      await import("cloudflare:test")
    ).env.DB.prepare("SELECT tracking_code FROM petitions WHERE id = ?")
      .bind(petitionId)
      .first<string>("tracking_code")) ?? "";
  const issued = await api("POST", "/api/v1/open311/clients", { token: admin.token, body: { name: "Cổng tỉnh", provinceCode: units.province } });
  ({ id: clientId, apiKey } = await issued.json<{ id: string; apiKey: string }>());
});

type Case = {
  name: string;
  method?: string;
  path: () => string;
  as?: TestAccount | (() => TestAccount);
  page?: boolean;
  form?: () => Record<string, string>;
  trips: number;
};

const cases: Case[] = [
  { name: "compliance report", path: () => "/api/v1/reports/compliance?year=2026", as: () => supervisor, trips: 1 },
  { name: "summary report", path: () => "/api/v1/reports/summary?from=2026-01-01&to=2026-12-31", as: () => head, trips: 1 },
  { name: "year-end review", path: () => "/api/v1/reports/review?year=2026", as: () => head, trips: 1 },
  { name: "year-end review page", path: () => "/oversight/review", as: () => head, page: true, trips: 1 },
  { name: "printable year-end review", path: () => "/oversight/print/review", as: () => head, page: true, trips: 1 },
  { name: "compliance export", path: () => "/api/v1/exports/compliance.csv?year=2026", as: () => supervisor, trips: 1 },
  { name: "dashboard (this year: KV, else D1)", path: () => "/oversight", as: () => supervisor, page: true, trips: 1 },
  { name: "dashboard of a commune", path: () => "/oversight?year=2026", as: () => head, page: true, trips: 1 },
  { name: "petitions behind a figure", path: () => "/oversight/petitions?figure=overdue", as: () => supervisor, page: true, trips: 1 },
  { name: "sessions behind a figure", path: () => "/oversight/sessions", as: () => head, page: true, trips: 1 },
  { name: "commitments behind a figure", path: () => "/oversight/commitments?figure=commitmentsDone", as: () => supervisor, page: true, trips: 1 },
  { name: "summary page", path: () => "/oversight/summary", as: () => supervisor, page: true, trips: 1 },
  { name: "printable compliance report", path: () => "/oversight/print/compliance?year=2026", as: () => supervisor, page: true, trips: 1 },
  { name: "printable summary", path: () => "/oversight/print/summary", as: () => head, page: true, trips: 1 },
  { name: "Open311 discovery", path: () => "/open311/v2/discovery.json", trips: 0 },
  { name: "Open311 services", path: () => "/open311/v2/services.xml", trips: 1 },
  { name: "Open311 service definition", path: () => `/open311/v2/services/ha-tang.json?jurisdiction_id=${units.province}`, trips: 1 },
  { name: "Open311 requests", path: () => `/open311/v2/requests.xml?jurisdiction_id=${units.province}`, trips: 1 },
  { name: "Open311 one request", path: () => `/open311/v2/requests/${trackingCode}.json`, trips: 1 },
  { name: "Open311 token", path: () => `/open311/v2/tokens/${petitionId}.xml`, trips: 1 },
  {
    name: "Open311 POST",
    method: "POST",
    path: () => "/open311/v2/requests.json",
    form: () => ({
      api_key: apiKey,
      jurisdiction_id: units.province,
      service_code: "moi-truong",
      description: "Rác thải tồn đọng ở đầu ngõ 5 đã ba ngày",
      "attribute[commune]": units.commune,
      "attribute[consent]": "yes",
    }),
    trips: 2,
  },
  { name: "Open311 clients", path: () => "/api/v1/open311/clients", as: () => admin, trips: 1 },
  {
    name: "issue a key",
    method: "POST",
    path: () => "/api/v1/open311/clients",
    as: () => admin,
    trips: 2,
  },
  { name: "revoke a key", method: "DELETE", path: () => `/api/v1/open311/clients/${clientId}`, as: () => admin, trips: 2 },
  { name: "Open311 keys page", path: () => "/admin/open311", as: () => admin, page: true, trips: 1 },
  {
    name: "issuing a key on the page",
    method: "POST",
    path: () => "/admin/open311",
    as: () => admin,
    page: true,
    form: () => ({ name: "Ứng dụng", provinceCode: units.province }),
    trips: 2,
  },
  { name: "revoking a key, the question", path: () => `/admin/open311/${clientId}/revoke`, as: () => admin, page: true, trips: 1 },
  { name: "revoking a key", method: "POST", path: () => `/admin/open311/${clientId}/revoke`, as: () => admin, page: true, form: () => ({}), trips: 2 },
];

describe("D1 round trips of reports, oversight and Open311", () => {
  for (const testCase of cases) {
    it(`${testCase.name}: ${testCase.trips}`, async () => {
      const who = typeof testCase.as === "function" ? testCase.as() : testCase.as;
      const headers: Record<string, string> = {};
      if (testCase.page) headers.accept = "text/html";
      if (testCase.page && who) headers.cookie = `sid=${who.token}`;
      if (testCase.page && testCase.method === "POST") headers.origin = "http://127.0.0.1";
      if (testCase.form) headers["content-type"] = "application/x-www-form-urlencoded";
      const response = await api(testCase.method ?? "GET", testCase.path(), {
        token: testCase.page ? undefined : who?.token,
        headers,
        rawBody: testCase.form ? new URLSearchParams(testCase.form()).toString() : undefined,
        body: testCase.name === "issue a key" ? { name: "Ứng dụng khác", provinceCode: units.province } : undefined,
      });
      expect(response.status, await response.clone().text()).toBeLessThan(400);
      expect(roundTripsOf(response)).toBe(testCase.trips);
    });
  }
});
