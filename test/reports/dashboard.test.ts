import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { localDay } from "../../src/lib/dates";
import { computeDashboard, readSnapshot, writeSnapshot } from "../../src/reports/dashboard";
import { tableRows } from "../../src/reports/dashboard-pages";
import { QUERIES_PER_DASHBOARD, refreshDashboards } from "../../src/reports/jobs";
import { api, makeAccount, type TestAccount } from "../support/factory";
import { makePerson } from "../support/pages";
import { insertReportPetition, insertSession, insertUnits, setPolicy } from "../support/reports";
import { expectRoundTrips } from "../support/round-trips";
import { visibleText } from "../support/visible-text";
import { petitionFigures, rawRows, sessionFigures } from "./oracle";

// Province P in 2025: Hòa Bình held its session (and the old commune merged into it held one before the merger);
// Kim Sơn held none (falls short); Lạc Thủy held one announced at short notice, its results late.
let P: string;
let HB: string;
let KS: string;
let LT: string;
let OLD: string;
let supervisor: TestAccount;
let headKS: TestAccount;
const today = localDay();

const page = async (account: TestAccount, path: string) => api("GET", path, { headers: { cookie: `sid=${account.token}`, accept: "text/html" } });
/** The communes in the compliance table, in order. */
const tableNames = (html: string) =>
  [...(html.match(/<table class="compliance">[\s\S]*?<\/table>/)?.[0] ?? "").matchAll(/<th scope="row"><a [^>]*>([^<]+)<\/a>/g)].map((match) => match[1]);

beforeAll(async () => {
  [P] = await insertUnits([{ name: "Tỉnh Giám Sát", level: "province" }]);
  [HB, KS, LT] = await insertUnits([
    { name: "Xã Hòa Bình", parent: P },
    { name: "Xã Kim Sơn", parent: P },
    { name: "Phường Lạc Thủy", parent: P, level: "ward" },
  ]);
  [OLD] = await insertUnits([{ name: "Xã Hòa Bình cũ", parent: P, validTo: "2025-06-30", replacedBy: HB }]);
  await setPolicy(P, { effectiveFrom: "2020-01-01", inYearDeadline: "06-30" });
  supervisor = await makePerson("supervisor", P);
  headKS = await makePerson("commune_head", KS);
  const chair = supervisor.id;
  await insertSession({ unit: OLD, province: P, chair, startsAt: "2025-03-03T01:00:00.000Z", resultsPublishedAt: "2025-03-05T01:00:00.000Z" });
  await insertSession({ unit: HB, province: P, chair, startsAt: "2025-05-20T01:00:00.000Z", resultsPublishedAt: "2025-05-25T01:00:00.000Z" });
  await insertSession({
    unit: LT,
    province: P,
    chair,
    startsAt: "2025-06-10T01:00:00.000Z",
    shortNotice: true,
    resultsPublishedAt: "2025-07-10T01:00:00.000Z",
  });
  await insertSession({ unit: KS, province: P, chair, startsAt: "2025-04-10T01:00:00.000Z", status: "cancelled" });
  const petition = (unit: string, day: string, extra: Partial<Parameters<typeof insertReportPetition>[0]> = {}) =>
    insertReportPetition({ unit, province: P, submittedAt: `${day}T02:00:00.000Z`, acknowledgeBy: day, dueOn: day, ...extra });
  await petition(KS, "2025-02-03");
  await petition(KS, "2025-02-04", { kind: "complaint" });
  await petition(KS, "2025-08-04", { kind: null, status: "accepted", acceptedAt: "2025-08-04T03:00:00.000Z", resolveBy: "2025-08-20", dueOn: "2025-08-20" });
  await petition(HB, "2025-03-01", {
    status: "resolved",
    acceptedAt: "2025-03-01T03:00:00.000Z",
    resolveBy: "2025-03-20",
    answeredAt: "2025-03-10T03:00:00.000Z",
    dueOn: "9999-12-31",
  });
  await petition(LT, "2025-09-09", { kind: "feedback", status: "returned", closedAt: "2025-09-09T05:00:00.000Z", dueOn: "9999-12-31" });
});

describe("the dashboard's figures", () => {
  it("are the compliance report's, with the charts' counts from the same raw rows", async () => {
    const snapshot = await computeDashboard(env.DB, P, { province: P }, 2025);
    if (!snapshot) throw new Error("no snapshot");
    const response = await api("GET", `/api/v1/reports/compliance?year=2025`, { token: supervisor.token });
    const report = await response.json<{ items: unknown[] }>();
    expect(snapshot.items).toEqual(report.items);
    expect(Object.fromEntries(snapshot.items.map((item) => [item.unit.name, item.status]))).toEqual({
      "Xã Hòa Bình": "met",
      "Xã Hòa Bình cũ": "met",
      "Xã Kim Sơn": "not_met",
      "Phường Lạc Thủy": "met",
    });
    const raw = await rawRows([HB, KS, LT, OLD]);
    const year = { from: "2025-01-01", to: "2025-12-31" };
    const petitions = petitionFigures(raw, [HB, KS, LT, OLD], year, today);
    const sum = (records: Record<string, Record<string, number>>) => {
      const total: Record<string, number> = {};
      for (const counts of Object.values(records)) for (const [key, n] of Object.entries(counts)) total[key] = (total[key] ?? 0) + n;
      return total;
    };
    expect(sum(snapshot.petitionsByStatus)).toEqual(petitions.byStatus);
    expect(sum(snapshot.petitionsByKind)).toEqual(petitions.byKind);
    const monthly = snapshot.months.map((month) => sessionFigures(raw, [HB, KS, LT, OLD], month, today).sessionsHeld);
    const charted = snapshot.months.map((_, index) => Object.values(snapshot.sessionsByMonth).reduce((total, counts) => total + counts[index], 0));
    expect(charted).toEqual(monthly);
    expect(charted).toEqual([0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it("the daily job writes each province's copy once a day, within its query budget", async () => {
    await insertUnits([
      { name: "Tỉnh Thêm Một", level: "province" },
      { name: "Tỉnh Thêm Hai", level: "province" },
    ]);
    const now = new Date();
    const year = Number(localDay(now).slice(0, 4));
    const first = await refreshDashboards(env, now, 1 + QUERIES_PER_DASHBOARD);
    expect(first.refreshed).toBe(1);
    expect(first.waiting).toBe(first.provinces - 1 - first.fresh);
    let runs = 1;
    for (let result = first; result.waiting > 0; runs++) result = await refreshDashboards(env, now, 1 + QUERIES_PER_DASHBOARD * 3);
    const again = await refreshDashboards(env, now);
    expect(again).toMatchObject({ refreshed: 0, waiting: 0, fresh: again.provinces });
    const stored = await readSnapshot(env.KV, P, year);
    expect(stored?.asOf).toBe(now.toISOString());
    expect(stored?.province).toEqual({ code: P, name: "Tỉnh Giám Sát" });
    expect(stored?.items.map((item) => item.unit.code).sort()).toEqual([HB, KS, LT].sort());
    // The next day, every copy is stale again.
    const tomorrow = await refreshDashboards(env, new Date(now.getTime() + 86_400_000), 1000);
    expect(tomorrow.refreshed).toBe(tomorrow.provinces);
    expect(runs).toBeGreaterThan(1);
  });
});

describe("GET /oversight", () => {
  it("reads the KV copy: the figures with their time, a commune that fell short in red, every figure a link; one round trip (the sign-in check)", async () => {
    const snapshot = await computeDashboard(env.DB, P, { province: P }, 2025, new Date("2026-01-02T17:05:00.000Z"));
    if (!snapshot) throw new Error("no snapshot");
    await writeSnapshot(env.KV, snapshot);
    const response = await page(supervisor, "/oversight?year=2025");
    expect(response.status).toBe(200);
    expectRoundTrips(response, 1);
    const html = await response.text();
    expect(visibleText(html)).toContain("Số liệu tính lúc 03/01/2026 00:05.");
    const row = html.match(/<tr class="falls-short">[\s\S]*?<\/tr>/)?.[0] ?? "";
    expect(visibleText(row)).toContain("Xã Kim Sơn");
    expect(visibleText(row)).toContain("Chưa đạt");
    expect(html.match(/class="falls-short"/g)).toHaveLength(1);
    expect(row).toContain(`/oversight/petitions?unit=${KS}&amp;own=1&amp;from=2025-01-01&amp;to=2025-12-31&amp;figure=overdue`);
    // The charts: SVG with a table fallback; bars link to their lists.
    expect(html).toContain('<svg viewBox="0 0 640 260"');
    expect(html).toContain(`/oversight/sessions?province=${P}&amp;from=2025-03-01&amp;to=2025-03-31&amp;figure=sessionsHeld`);
    expect(html).toContain(`/oversight/petitions?province=${P}&amp;from=2025-01-01&amp;to=2025-12-31&amp;kind=complaint`);
    expect(html).toContain("/api/v1/exports/compliance.xlsx?");
  });

  it("without a KV copy computes from D1 in one round trip", async () => {
    const response = await page(supervisor, "/oversight?year=2024");
    expect(response.status).toBe(200);
    expectRoundTrips(response, 1);
    expect(visibleText(await response.text())).toContain("Số liệu tính trực tiếp lúc");
  });

  it("this year's figures computed from D1 are kept in KV for the next reader", async () => {
    const year = Number(today.slice(0, 4));
    await env.KV.delete(`reports:dashboard:${P}:${year}`);
    const response = await page(supervisor, "/oversight");
    expect(response.status).toBe(200);
    await response.text();
    let stored = null;
    for (let attempt = 0; attempt < 50 && !stored; attempt++) {
      stored = await readSnapshot(env.KV, P, year);
      if (!stored) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(stored?.year).toBe(year);
  });

  it("sorts and filters on the server", async () => {
    const byOverdue = await (await page(supervisor, "/oversight?year=2025&sort=overdue&dir=desc")).text();
    expect(tableNames(byOverdue)[0]).toBe("Xã Kim Sơn");
    expect(byOverdue).toContain('aria-sort="descending"');
    const shortOnly = await (await page(supervisor, "/oversight?year=2025&status=not_met")).text();
    expect(tableNames(shortOnly)).toEqual(["Xã Kim Sơn"]);
    const searched = await (await page(supervisor, "/oversight?year=2025&q=lac+thuy")).text();
    expect(tableNames(searched)).toEqual(["Phường Lạc Thủy"]);
  });

  it("a commune head sees the same for their own commune only", async () => {
    const response = await page(headKS, "/oversight?year=2025");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(visibleText(html)).toContain("Xã Kim Sơn: đối thoại và giải quyết kiến nghị năm 2025");
    expect(tableNames(html)).toEqual(["Xã Kim Sơn"]);
    expect(html).not.toContain("Hòa Bình");
    expect((await page(supervisor, "/oversight?year=2025&unit=NOPE")).status).toBe(404);
  });

  it("an administrator picks a province first; bad query parameters are a 400 page", async () => {
    const admin = await makeAccount("admin", null);
    expect(visibleText(await (await page(admin, "/oversight")).text())).toContain("Tỉnh Giám Sát");
    expect((await page(admin, `/oversight?province=${P}&year=2025`)).status).toBe(200);
    expect((await page(supervisor, "/oversight?sort=nothing")).status).toBe(400);
    expect((await api("GET", "/oversight")).status).toBe(303);
  });
});

describe("the lists behind the figures", () => {
  const FIGURES = ["received", "acknowledgedOnTime", "acknowledgedLate", "resolvedOnTime", "resolvedLate", "overdue"] as const;
  it("hold as many petitions as each figure counts, for every commune", async () => {
    const snapshot = await computeDashboard(env.DB, P, { province: P }, 2025);
    for (const item of snapshot?.items ?? []) {
      for (const figure of FIGURES) {
        const response = await page(supervisor, `/oversight/petitions?unit=${item.unit.code}&own=1&from=2025-01-01&to=2025-12-31&figure=${figure}`);
        expect(response.status).toBe(200);
        expectRoundTrips(response, 1);
        const html = await response.text();
        const rows = (html.match(/<tbody>([\s\S]*?)<\/tbody>/)?.[1].match(/<tr>/g) ?? []).length;
        const count = figure === "received" ? item.petitionsReceived : item[figure];
        expect(rows, `${item.unit.name} ${figure}`).toBe(count);
      }
      for (const figure of ["sessionsHeld", "recordedAfterwards", "shortNotice", "resultsOnTime", "resultsLate"] as const) {
        const response = await page(supervisor, `/oversight/sessions?unit=${item.unit.code}&own=1&from=2025-01-01&to=2025-12-31&figure=${figure}`);
        expect(response.status).toBe(200);
        const html = await response.text();
        expect((html.match(/<tbody>([\s\S]*?)<\/tbody>/)?.[1].match(/<tr>/g) ?? []).length, `${item.unit.name} ${figure}`).toBe(item[figure]);
      }
    }
  });

  it("a commune's list includes the units merged into it unless `own`; other communes are 404 to a commune head", async () => {
    const merged = await (await page(supervisor, `/oversight/sessions?unit=${HB}&from=2025-01-01&to=2025-12-31`)).text();
    expect((merged.match(/<tbody>([\s\S]*?)<\/tbody>/)?.[1].match(/<tr>/g) ?? []).length).toBe(2);
    expect((await page(headKS, `/oversight/petitions?unit=${HB}`)).status).toBe(404);
    expect((await page(headKS, `/oversight/petitions?province=${P}`)).status).toBe(404);
    expect((await page(headKS, "/oversight/petitions?from=2025-01-01&to=2025-12-31")).status).toBe(200);
  });

  it("the table's order: worst status first, and names in Vietnamese order", () => {
    const item = (name: string, status: "met" | "not_met" | "pending", overdue = 0) =>
      ({ unit: { code: name, name }, status, overdue, acknowledgedOnTime: 0, acknowledgedLate: 0, resolvedOnTime: 0, resolvedLate: 0 }) as never;
    const items = [item("Xã Đông", "met"), item("Xã Ân", "pending", 2), item("Xã Bình", "not_met", 1)];
    expect(tableRows(items, {}).map((row: { unit: { name: string } }) => row.unit.name)).toEqual(["Xã Ân", "Xã Bình", "Xã Đông"]);
    expect(tableRows(items, { sort: "status" }).map((row: { status: string }) => row.status)).toEqual(["not_met", "pending", "met"]);
    expect(tableRows(items, { sort: "overdue", dir: "desc" }).map((row: { unit: { name: string } }) => row.unit.name)).toEqual(["Xã Ân", "Xã Bình", "Xã Đông"]);
  });
});
