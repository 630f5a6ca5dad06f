import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, type TestAccount } from "../support/factory";
import { getPage } from "../support/pages";
import { insertUnits, setPolicy } from "../support/reports";

// Every report, list, review and export route, as every caller: outside one's unit or province is 404 (never
// revealed), not signed in is 401 for the API and the sign-in page for pages. Merged units (`replaced_by`) reach
// the officials of the unit that replaced them, whichever province they lay in.

let P: string;
let Q: string;
let A: string;
let B: string;
let QC: string;
let OLD: string;
let OLD_Q: string;
let headA: TestAccount;
let staffB: TestAccount;
let supervisorP: TestAccount;
let supervisorQ: TestAccount;

beforeAll(async () => {
  [P, Q] = await insertUnits([
    { name: "Tỉnh Quyền Xem", level: "province" },
    { name: "Tỉnh Bên Cạnh", level: "province" },
  ]);
  [A, B, QC] = await insertUnits([
    { name: "Xã Hợp Nhất", parent: P },
    { name: "Xã Láng Giềng", parent: P },
    { name: "Xã Tỉnh Khác", parent: Q },
  ]);
  // Merged into A: one of the same province, one of the neighbouring province (a merge across the old border).
  [OLD, OLD_Q] = await insertUnits([
    { name: "Xã Cũ", parent: P, validTo: "2025-06-30", replacedBy: A },
    { name: "Xã Cũ Tỉnh Bên", parent: Q, validTo: "2025-06-30", replacedBy: A },
  ]);
  await Promise.all([setPolicy(P, { effectiveFrom: "2020-01-01" }), setPolicy(Q, { effectiveFrom: "2020-01-01" })]);
  [headA, staffB, supervisorP, supervisorQ] = await Promise.all([
    makeAccount("commune_head", A),
    makeAccount("commune_staff", B),
    makeAccount("supervisor", P),
    makeAccount("supervisor", Q),
  ]);
});

const EXPORTS = ["petitions", "sessions", "commitments", "reception-book"];
const YEAR = "year=2025";

/** The API routes about a commune (`unit=`) or a province (`province=`). */
const unitRoutes = (unit: string) => [
  `/api/v1/reports/summary?unit=${unit}`,
  `/api/v1/reports/review?unit=${unit}&${YEAR}`,
  ...EXPORTS.map((kind) => `/api/v1/exports/${kind}.json?unit=${unit}`),
  ...EXPORTS.map((kind) => `/api/v1/exports/${kind}.csv?unit=${unit}`),
];
const provinceRoutes = (province: string) => [
  `/api/v1/reports/summary?province=${province}`,
  `/api/v1/reports/compliance?province=${province}&${YEAR}&period=year`,
  `/api/v1/exports/compliance.json?province=${province}&${YEAR}&period=year`,
  `/api/v1/exports/compliance.xlsx?province=${province}&${YEAR}&period=year`,
  ...EXPORTS.map((kind) => `/api/v1/exports/${kind}.json?province=${province}`),
];
const unitPages = (unit: string) => [
  `/oversight/summary?unit=${unit}`,
  `/oversight/review?unit=${unit}&${YEAR}`,
  `/oversight/print/review?unit=${unit}&${YEAR}`,
  `/oversight/print/summary?unit=${unit}`,
  `/oversight/petitions?unit=${unit}`,
  `/oversight/sessions?unit=${unit}`,
  `/oversight/commitments?unit=${unit}`,
];
const provincePages = (province: string) => [
  `/oversight/summary?province=${province}`,
  `/oversight/print/compliance?province=${province}&${YEAR}&period=year`,
  `/oversight/petitions?province=${province}`,
  `/oversight/sessions?province=${province}`,
  `/oversight/commitments?province=${province}`,
];

async function expectApi(who: TestAccount | null, paths: string[], status: number) {
  for (const path of paths) {
    const response = await api("GET", path, who ? { token: who.token } : {});
    expect(response.status, `${who?.role ?? "anonymous"} ${path}`).toBe(status);
    if (status >= 400) expect(response.headers.get("content-type"), path).toMatch(/^application\/problem\+json/);
    await response.arrayBuffer();
  }
}

async function expectPages(who: TestAccount | null, paths: string[], status: number) {
  for (const path of paths) {
    const page = await getPage(path, who);
    expect(page.status, `${who?.role ?? "anonymous"} ${path}`).toBe(status);
    if (status === 303) expect(page.location).toBe(`/login?next=${encodeURIComponent(path)}`);
  }
}

describe("not signed in", () => {
  it("the API answers 401 problem+json; pages send to the sign-in page and come back", async () => {
    await expectApi(null, [...unitRoutes(A), ...provinceRoutes(P)], 401);
    await expectPages(null, ["/oversight", ...unitPages(A), ...provincePages(P)], 303);
  });
});

describe("a commune official", () => {
  it("of another commune: 404 for this commune's and its merged units' reports, lists, reviews and exports", async () => {
    await expectApi(staffB, [...unitRoutes(A), ...unitRoutes(OLD), ...unitRoutes(QC)], 404);
    await expectPages(staffB, [...unitPages(A), ...unitPages(OLD)], 404);
  });

  it("never reads a province, their own or another, beyond their unit's rows", async () => {
    await expectApi(staffB, [`/api/v1/reports/summary?province=${P}`, ...EXPORTS.map((kind) => `/api/v1/exports/${kind}.json?province=${P}`)], 404);
    await expectApi(staffB, provinceRoutes(Q), 404);
    await expectPages(staffB, [`/oversight/summary?province=${P}`, `/oversight/petitions?province=${P}`, `/oversight/sessions?province=${P}`], 404);
    const own = await api("GET", `/api/v1/reports/compliance?province=${P}&${YEAR}&period=year`, { token: staffB.token });
    expect(own.status).toBe(200);
    expect((await own.json<{ items: { unit: { code: string } }[] }>()).items.map((item) => item.unit.code)).toEqual([B]);
  });

  it("of the unit that replaced others reads the merged units' reports, reviews and lists, across the old border too", async () => {
    for (const unit of [OLD, OLD_Q]) {
      await expectApi(headA, [`/api/v1/reports/summary?unit=${unit}`, `/api/v1/reports/review?unit=${unit}&${YEAR}`], 200);
      await expectPages(headA, [`/oversight/summary?unit=${unit}`, `/oversight/petitions?unit=${unit}`], 200);
    }
  });
});

describe("a supervisor", () => {
  it("of another province: 404 for this province and each of its communes, also through the unit= parameter", async () => {
    await expectApi(supervisorQ, [...provinceRoutes(P), ...unitRoutes(A), ...unitRoutes(B)], 404);
    await expectPages(supervisorQ, [...provincePages(P), ...unitPages(A)], 404);
    await expectPages(supervisorQ, [`/oversight?unit=${A}`], 404);
  });

  it("of the province reads its communes and the units merged into them, not the neighbour's communes", async () => {
    await expectApi(supervisorP, [...provinceRoutes(P), ...unitRoutes(A)], 200);
    await expectApi(supervisorP, [`/api/v1/reports/summary?unit=${OLD_Q}`, `/api/v1/reports/review?unit=${OLD_Q}&${YEAR}`], 200);
    await expectApi(supervisorP, [...unitRoutes(QC), ...provinceRoutes(Q)], 404);
  });
});
