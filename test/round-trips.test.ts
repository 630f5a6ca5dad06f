/**
 * The round-trip budget, route by route: in production every D1 call is a network round trip, so a read is
 * one (`batch()` everything a page needs, the sign-in check rides along) and a write at most two (load the
 * context, then one guarded batch). Each domain's own routes are listed here or in its test folder
 * (`test/<domain>/round-trips.test.ts`); the last test checks that no route of the app is left out.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../src/index";
import { api, makeAccount, makeUnits, type TestAccount, type TestUnits, uniqueCode } from "./support/factory";
import { roundTripsOf } from "./support/round-trips";

type Case = {
  name: string;
  method: string;
  path: string | (() => string);
  as?: "admin" | "head" | "supervisor";
  body?: unknown;
  raw?: [string, string];
  page?: boolean;
  trips: number;
};

let units: TestUnits;
let admin: TestAccount;
let head: TestAccount;
let supervisor: TestAccount;
let otherAccountId = "";

beforeAll(async () => {
  units = await makeUnits();
  admin = await makeAccount("admin", null);
  head = await makeAccount("commune_head", units.commune);
  supervisor = await makeAccount("supervisor", units.province);
  otherAccountId = (await makeAccount("commune_staff", units.commune)).id;
});

/** Routes of the foundation domains: units, accounts, auth, calendar, audit, dashboard, admin pages. */
const cases: Case[] = [
  { name: "health", method: "GET", path: "/healthz", trips: 0 },
  { name: "units list", method: "GET", path: "/api/v1/units?level=commune", trips: 1 },
  { name: "one unit", method: "GET", path: () => `/api/v1/units/${units.commune}`, trips: 1 },
  {
    name: "create unit",
    method: "POST",
    path: "/api/v1/units",
    as: "admin",
    body: () => ({ code: uniqueCode("R"), name: "Xã Mới", level: "province" }),
    trips: 2,
  },
  {
    name: "import units",
    method: "POST",
    path: "/api/v1/units/import",
    as: "admin",
    raw: ["text/csv", "code,name,level,parent_code\nRTIMPORT1,Tỉnh Nhập,province,"],
    trips: 2,
  },
  { name: "me", method: "GET", path: "/api/v1/me", as: "head", trips: 1 },
  { name: "accounts list", method: "GET", path: () => `/api/v1/accounts?unit=${units.commune}`, as: "supervisor", trips: 1 },
  { name: "one account", method: "GET", path: () => `/api/v1/accounts/${otherAccountId}`, as: "admin", trips: 1 },
  {
    name: "create account",
    method: "POST",
    path: "/api/v1/accounts",
    as: "admin",
    body: () => ({
      email: `${uniqueCode("rt").toLowerCase()}@test.local`,
      name: "Cán bộ Mới",
      password: "Mat-khau-123",
      role: "commune_staff",
      unitCode: units.commune,
    }),
    trips: 2,
  },
  { name: "change account", method: "PATCH", path: () => `/api/v1/accounts/${otherAccountId}`, as: "admin", body: { name: "Cán bộ Đổi Tên" }, trips: 2 },
  { name: "holidays", method: "GET", path: "/api/v1/holidays?year=2026", trips: 1 },
  { name: "put holiday", method: "PUT", path: "/api/v1/holidays/2031-01-01", as: "admin", body: { name: "Tết Dương lịch" }, trips: 2 },
  { name: "delete holiday", method: "DELETE", path: "/api/v1/holidays/2031-01-01", as: "admin", trips: 2 },
  { name: "audit", method: "GET", path: "/api/v1/audit", as: "admin", trips: 1 },
  { name: "home page", method: "GET", path: "/", page: true, trips: 0 },
  { name: "sign-in page", method: "GET", path: "/login", page: true, trips: 0 },
  { name: "dashboard", method: "GET", path: "/dashboard", as: "head", page: true, trips: 1 },
  { name: "dashboard of an administrator", method: "GET", path: "/dashboard", as: "admin", page: true, trips: 1 },
  { name: "dashboard of a supervisor", method: "GET", path: "/dashboard", as: "supervisor", page: true, trips: 1 },
  {
    name: "dashboard of a supervisor, a commune chosen",
    method: "GET",
    path: () => `/dashboard?unit=${units.commune}`,
    as: "supervisor",
    page: true,
    trips: 1,
  },
  // Without JavaScript a search picks its only match: its figures follow the list.
  { name: "dashboard of a supervisor, a commune searched", method: "GET", path: () => `/dashboard?unitq=an+khe`, as: "supervisor", page: true, trips: 2 },
  { name: "units admin page", method: "GET", path: "/admin/units", as: "admin", page: true, trips: 1 },
  { name: "new unit page", method: "GET", path: "/admin/units/new?parentq=thu", as: "admin", page: true, trips: 1 },
  { name: "accounts admin page", method: "GET", path: "/admin/accounts", as: "admin", page: true, trips: 1 },
  { name: "new account page", method: "GET", path: "/admin/accounts/new?unitq=an+khe", as: "admin", page: true, trips: 1 },
  { name: "disable account question", method: "GET", path: () => `/admin/accounts/${otherAccountId}/disable`, as: "admin", page: true, trips: 1 },
  { name: "remove holiday question", method: "GET", path: "/admin/holidays/2026-01-01/delete", as: "admin", page: true, trips: 1 },
  { name: "holidays admin page", method: "GET", path: "/admin/holidays?year=2026", as: "admin", page: true, trips: 1 },
  { name: "audit admin page", method: "GET", path: "/admin/audit", as: "admin", page: true, trips: 1 },
  { name: "password page", method: "GET", path: "/account/password", as: "head", page: true, trips: 1 },
];

describe("D1 round trips per route", () => {
  for (const testCase of cases) {
    it(`${testCase.method} ${typeof testCase.path === "string" ? testCase.path : testCase.name}: ${testCase.trips}`, async () => {
      const who = testCase.as === "admin" ? admin : testCase.as === "head" ? head : testCase.as === "supervisor" ? supervisor : undefined;
      const path = typeof testCase.path === "string" ? testCase.path : testCase.path();
      const body = typeof testCase.body === "function" ? (testCase.body as () => unknown)() : testCase.body;
      const headers: Record<string, string> = testCase.page ? { accept: "text/html" } : {};
      if (testCase.page && who) headers.cookie = `sid=${who.token}`;
      if (testCase.raw) headers["content-type"] = testCase.raw[0];
      const response = await api(testCase.method, path, {
        token: testCase.page ? undefined : who?.token,
        body,
        rawBody: testCase.raw?.[1],
        headers,
      });
      expect(response.status, await response.clone().text()).toBeLessThan(400);
      expect(roundTripsOf(response)).toBe(testCase.trips);
    });
  }

  it("signs in within two round trips, and a wrong password within one", async () => {
    const wrong = await api("POST", "/api/v1/auth/login", { body: { email: head.email, password: "sai-mat-khau-1" } });
    expect(wrong.status).toBe(401);
    expect(roundTripsOf(wrong)).toBe(1);
    const right = await api("POST", "/api/v1/auth/login", { body: { email: head.email, password: head.password } });
    expect(right.status).toBe(200);
    expect(roundTripsOf(right)).toBe(2);
  });
});

describe("every route is budgeted", () => {
  it("lists each API and page route in a round-trip table", async () => {
    // Routes whose budget is asserted in their domain's own tests, or that touch no D1 at all.
    const elsewhere = [
      /^\/api\/v1\/notifications/,
      /^\/api\/v1\/exports/,
      /^\/api\/v1\/petitions/,
      /^\/api\/v1\/categories/,
      /^\/api\/v1\/time-limits/,
      /^\/(petitions|track|staff|admin\/time-limits)/,
      // test/sessions/round-trips.test.ts: sessions, registrations, villages, province policy, minutes, commitments and their pages
      /^\/(api\/v1\/(sessions|registrations|policies|commitments|units\/:code\/(villages|sessions))|sessions|registrations|units\/:code\/promises|admin\/policies)/,
      // test/reports/round-trips.test.ts: reports, the oversight pages, Open311 and its keys
      /^\/(api\/v1\/(reports|open311)|oversight|open311|admin\/open311)/,
    ];
    const noDatabase = ["/openapi.json", "/docs", "/lang/:locale", "/logout", "/api/v1/auth/logout"];
    const covered = new Set(
      cases.map((testCase) => `${testCase.method} ${templateOf(testCase.method, typeof testCase.path === "string" ? testCase.path : testCase.path())}`),
    );
    const missing = app.routes
      .filter((route) => route.method !== "ALL" && !noDatabase.includes(route.path) && !elsewhere.some((pattern) => pattern.test(route.path)))
      .map((route) => `${route.method} ${route.path}`)
      .filter((route, index, all) => all.indexOf(route) === index)
      .filter((route) => !covered.has(route) && !POSTS_TESTED_ELSEWHERE.includes(route));
    expect(missing).toEqual([]);
  });
});

/** Page form posts, whose budget equals their API twin's (same workflow), and sign-in (tested above). */
const POSTS_TESTED_ELSEWHERE = [
  "POST /api/v1/auth/login",
  "POST /login",
  "POST /api/v1/me/password",
  "POST /account/password",
  "POST /admin/units",
  "POST /admin/units/import",
  "POST /admin/accounts",
  "POST /admin/accounts/:id/status",
  "POST /admin/holidays",
  "POST /admin/holidays/:date/delete",
];

/** `/api/v1/units/C123?x=1` → `/api/v1/units/:code`, for comparing with the app's route templates. */
function templateOf(method: string, path: string): string {
  const bare = path.split("?")[0];
  const candidates = app.routes.filter((route) => route.method === method && new RegExp(`^${route.path.replace(/:[^/]+/g, "[^/]+")}$`).test(bare));
  // The most literal template wins (`/units/import` over `/units/:code`).
  candidates.sort((a, b) => (a.path.match(/:/g)?.length ?? 0) - (b.path.match(/:/g)?.length ?? 0));
  return candidates[0]?.path ?? bare;
}
