import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { complianceReport } from "../../src/reports/workflow";
import { api, makeAccount, problemOf, type TestAccount } from "../support/factory";
import { type FixtureCommitment, insertCommitment, insertMinutesItem, insertReportPetition, insertSession, insertUnits, setPolicy } from "../support/reports";
import { expectRoundTrips } from "../support/round-trips";
import { commitmentFigures, heldCount, local, petitionFigures, rawRows, sessionFigures } from "./oracle";

// A province merged in 2025: the old province OP's communes OA and OB were replaced on 1/7/2025 by A of province P;
// B is a new commune of P from that day without predecessors; C has always been in P; D lies in another province.
// P's policy: calendar periods, one session a year, by 30/06.
let P: string;
let OP: string;
let Q: string;
let A: string;
let B: string;
let C: string;
let D: string;
let OA: string;
let OB: string;
let supervisor: TestAccount;
let otherSupervisor: TestAccount;
let headA: TestAccount;
let staffC: TestAccount;
let admin: TestAccount;
const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  [OP, P, Q] = await insertUnits([
    { name: "Tỉnh Cũ Thử", level: "province", validTo: "2025-06-30" },
    { name: "Tỉnh Mới Thử", level: "province" },
    { name: "Tỉnh Bên Cạnh", level: "province" },
  ]);
  [A, B, C, D] = await insertUnits([
    { name: "Xã An Khê", parent: P, validFrom: "2025-07-01" },
    { name: "Xã Bắc Sơn", parent: P, validFrom: "2025-07-01" },
    { name: "Xã Châu Giang", parent: P },
    { name: "Xã Đông Trà", parent: Q },
  ]);
  [OA, OB] = await insertUnits([
    { name: "Xã An Khê (trước sáp nhập)", parent: OP, validTo: "2025-06-30", replacedBy: A },
    { name: "Xã Quỳnh Hồng (trước sáp nhập)", parent: OP, validTo: "2025-06-30", replacedBy: A },
  ]);
  await env.DB.prepare("UPDATE units SET replaced_by = ? WHERE code = ?").bind(P, OP).run();
  await setPolicy(P, { effectiveFrom: "2020-01-01", minSessionsPerYear: 1, inYearDeadline: "06-30", reportPeriods: "calendar" });
  [supervisor, otherSupervisor, headA, staffC, admin] = await Promise.all([
    makeAccount("supervisor", P),
    makeAccount("supervisor", Q),
    makeAccount("commune_head", A),
    makeAccount("commune_staff", C),
    makeAccount("admin", null),
  ]);
  const chair = headA.id;
  // Sessions: 08:00 local is 01:00Z.
  const sessionOA = await insertSession({
    unit: OA,
    province: OP,
    chair,
    startsAt: "2025-03-10T01:00:00.000Z",
    resultsPublishedAt: "2025-03-15T02:00:00.000Z",
  });
  await insertSession({ unit: OA, province: OP, chair, startsAt: "2024-12-31T16:30:00.000Z" }); // 23:30 on 31/12/2024: last year
  const sessionA = await insertSession({ unit: A, province: P, chair, startsAt: "2025-09-05T01:00:00.000Z", shortNotice: true });
  await insertSession({ unit: A, province: P, chair, startsAt: "2025-10-01T01:00:00.000Z", status: "cancelled" });
  await insertSession({ unit: B, province: P, chair, startsAt: "2025-08-01T01:00:00.000Z", recordedAfterwards: true });
  await insertSession({ unit: C, province: P, chair, startsAt: "2025-05-01T01:00:00.000Z", status: "cancelled" });
  await insertSession({ unit: D, province: Q, chair, startsAt: "2025-04-01T01:00:00.000Z", resultsPublishedAt: "2025-04-20T01:00:00.000Z" });

  // Commitments made at A's session (September) in every state, and one at OA's (March, before the merger).
  const commitmentIn = async (session: string, unit: string, province: string, position: number, terms: Partial<FixtureCommitment> & { dueOn: string }) => {
    const item = await insertMinutesItem({ session, position, question: `Ý kiến số ${position}`, followUp: "commitment" });
    await insertCommitment({ unit, province, session, item, createdBy: chair, ...terms });
  };
  await commitmentIn(sessionA, A, P, 1, { dueOn: "2025-10-01", status: "done", doneAt: "2025-09-30T10:00:00.000Z" }); // done on time
  await commitmentIn(sessionA, A, P, 2, { dueOn: "2025-10-01", status: "done", doneAt: "2025-10-01T17:30:00.000Z", late: true }); // 00:30 the day after
  await commitmentIn(sessionA, A, P, 3, { dueOn: "2025-11-01", status: "in_progress", percent: 40 }); // past due, not yet flagged
  await commitmentIn(sessionA, A, P, 4, { dueOn: "2025-11-01", status: "open", late: true });
  await commitmentIn(sessionA, A, P, 5, { dueOn: "2099-12-31", status: "in_progress" }); // not yet due
  await insertMinutesItem({ session: sessionA, position: 6, question: "Ý kiến trả lời tại chỗ", answeredOnSpot: true, answer: "Đã trả lời" });
  await commitmentIn(sessionOA, OA, OP, 1, { dueOn: "2025-04-30", status: "done", doneAt: "2025-04-29T03:00:00.000Z" });
  const inA = { unit: A, province: P };
  await insertReportPetition({
    ...inA,
    submittedAt: "2025-07-10T03:00:00.000Z",
    acknowledgeBy: "2025-07-24",
    status: "resolved",
    acceptedAt: "2025-07-12T02:00:00.000Z",
    resolveBy: "2025-08-01",
    answeredAt: "2025-07-30T09:00:00.000Z",
    closedAt: "2025-08-05T09:00:00.000Z",
  });
  await insertReportPetition({
    ...inA,
    submittedAt: "2025-07-11T03:00:00.000Z",
    acknowledgeBy: "2025-07-25",
    status: "accepted",
    acceptedAt: "2025-07-30T02:00:00.000Z",
    resolveBy: "2025-08-20",
    dueOn: "2025-08-20",
  });
  await insertReportPetition({ ...inA, submittedAt: "2025-07-18T03:00:00.000Z", acknowledgeBy: "2025-08-01", dueOn: "2025-08-01", kind: "complaint" });
  await insertReportPetition({
    ...inA,
    submittedAt: "2025-07-20T03:00:00.000Z",
    acknowledgeBy: "2025-08-05",
    status: "returned",
    closedAt: "2025-08-02T03:00:00.000Z",
  });
  await insertReportPetition({
    ...inA,
    submittedAt: "2025-08-01T03:00:00.000Z",
    acknowledgeBy: "2025-08-14",
    status: "answered",
    acceptedAt: "2025-08-05T03:00:00.000Z",
    resolveBy: "2025-09-01",
    answeredAt: "2025-09-10T03:00:00.000Z",
    kind: "feedback",
  });
  // The law's states: a complaint answered in time then escalated by the resident; a petition sent on to a body
  // outside the system (its acknowledgement); a letter split in two (counted as its two parts).
  await insertReportPetition({
    ...inA,
    submittedAt: "2025-08-10T03:00:00.000Z",
    acknowledgeBy: "2025-08-20",
    status: "escalated",
    kind: "complaint",
    acceptedAt: "2025-08-12T03:00:00.000Z",
    resolveBy: "2025-09-20",
    answeredAt: "2025-09-15T03:00:00.000Z",
    closedAt: "2025-10-01T03:00:00.000Z",
  });
  await insertReportPetition({
    ...inA,
    submittedAt: "2025-08-11T03:00:00.000Z",
    acknowledgeBy: "2025-08-25",
    status: "transferred",
    toBody: "Công an huyện",
    letterNumber: "12/UBND",
    closedAt: "2025-08-13T03:00:00.000Z",
  });
  const letter = await insertReportPetition({
    ...inA,
    submittedAt: "2025-08-12T03:00:00.000Z",
    acknowledgeBy: "2025-08-26",
    status: "split",
    kind: null,
    closedAt: "2025-08-13T03:00:00.000Z",
  });
  for (const kind of ["feedback", "complaint"]) {
    await insertReportPetition({ ...inA, submittedAt: "2025-08-12T03:00:00.000Z", acknowledgeBy: "2025-08-26", dueOn: "2025-08-26", kind, splitFrom: letter });
  }
  // 00:30 on 1/1/2026 in Hà Nội: next year.
  await insertReportPetition({ ...inA, submittedAt: "2025-12-31T17:30:00.000Z", acknowledgeBy: "2026-01-15", dueOn: "2026-01-15" });
  await insertReportPetition({
    unit: OB,
    province: OP,
    submittedAt: "2025-02-10T03:00:00.000Z",
    acknowledgeBy: "2025-02-24",
    status: "filed",
    closedAt: "2025-02-12T03:00:00.000Z",
    kind: "complaint",
  });
  await insertReportPetition({ unit: OB, province: OP, submittedAt: "2025-02-11T03:00:00.000Z", acknowledgeBy: "2025-02-25", dueOn: "2025-02-25", kind: null });
  // 00:00 on 1/1/2025 in Hà Nội is this year; a millisecond earlier is last year.
  await insertReportPetition({ unit: C, province: P, submittedAt: "2024-12-31T17:00:00.000Z", acknowledgeBy: "2025-01-14", dueOn: "2025-01-14" });
  await insertReportPetition({ unit: C, province: P, submittedAt: "2024-12-31T16:59:59.999Z", acknowledgeBy: "2025-01-14", dueOn: "2025-01-14" });
  await insertReportPetition({ unit: D, province: Q, submittedAt: "2025-03-01T03:00:00.000Z", acknowledgeBy: "2025-03-14", dueOn: "2025-03-14" });
});

type Item = Record<string, unknown> & { unit: { code: string; name: string }; status: string };
type Report = { period: { from: string; to: string; mode: string }; policy: Record<string, unknown>; items: Item[]; province: { code: string } };

async function compliance(account: TestAccount, query: string): Promise<Report> {
  const response = await api("GET", `/api/v1/reports/compliance?${query}`, { token: account.token });
  expect(response.status, await response.clone().text()).toBe(200);
  expectRoundTrips(response, 1);
  return response.json();
}

const FIGURES = [
  "sessionsHeld",
  "recordedAfterwards",
  "shortNotice",
  "resultsOnTime",
  "resultsLate",
  "petitionsReceived",
  "acknowledgedOnTime",
  "acknowledgedLate",
  "resolvedOnTime",
  "resolvedLate",
  "overdue",
  "commitmentsDone",
  "commitmentsLate",
] as const;

/** Every figure of every item, recomputed from the raw rows of its own unit. */
async function expectFiguresFromRawRows(report: Report) {
  const raw = await rawRows([OA, OB, A, B, C, D]);
  for (const item of report.items) {
    const petitions = petitionFigures(raw, [item.unit.code], report.period, today);
    const expected = {
      ...sessionFigures(raw, [item.unit.code], report.period, today),
      petitionsReceived: petitions.received,
      acknowledgedOnTime: petitions.acknowledgedOnTime,
      acknowledgedLate: petitions.acknowledgedLate,
      resolvedOnTime: petitions.resolvedOnTime,
      resolvedLate: petitions.resolvedLate,
      overdue: petitions.overdue,
      ...commitmentFigures(raw, [item.unit.code], report.period, today),
    };
    const actual = Object.fromEntries(FIGURES.map((figure) => [figure, item[figure]]));
    expect(actual, item.unit.name).toEqual(expected);
  }
}

const byCode = (report: Report) => Object.fromEntries(report.items.map((item) => [item.unit.code, item]));

describe("GET /api/v1/reports/compliance", () => {
  it("the year that straddles the merger shows the merged units and the unit that replaced them, every figure as the raw rows give it", async () => {
    const report = await compliance(supervisor, `province=${P}&year=2025`);
    expect(report.period).toEqual({ from: "2025-01-01", to: "2025-12-31", mode: "calendar" });
    expect(report.policy).toMatchObject({ minSessionsPerYear: 1, inYearDeadline: "06-30", reportPeriods: "calendar" });
    expect(report.items.map((item) => item.unit.name)).toEqual([
      "Xã An Khê",
      "Xã An Khê (trước sáp nhập)",
      "Xã Bắc Sơn",
      "Xã Châu Giang",
      "Xã Quỳnh Hồng (trước sáp nhập)",
    ]);
    await expectFiguresFromRawRows(report);
    const items = byCode(report);
    // An Khê's group held its session in March (the old commune, before the merger), by the deadline: met, for every member.
    expect(items[A]).toMatchObject({ status: "met", sessionsCounted: 1, sessionsRequired: 1, deadline: "2025-06-30", rollsUpTo: null });
    expect(items[A].mergedFrom).toEqual([
      { code: OA, name: "Xã An Khê (trước sáp nhập)" },
      { code: OB, name: "Xã Quỳnh Hồng (trước sáp nhập)" },
    ]);
    expect(items[OA]).toMatchObject({ status: "met", rollsUpTo: { code: A, name: "Xã An Khê" }, sessionsHeld: 1, resultsOnTime: 1 });
    expect(items[OB]).toMatchObject({ status: "met", rollsUpTo: { code: A, name: "Xã An Khê" }, sessionsHeld: 0, petitionsReceived: 2 });
    expect(items[A]).toMatchObject({ sessionsHeld: 1, shortNotice: 1, resultsLate: 1, petitionsReceived: 9, resolvedOnTime: 2, acknowledgedOnTime: 5 });
    expect(items[A]).toMatchObject({ commitmentsDone: 2, commitmentsLate: 3 });
    expect(items[OA]).toMatchObject({ commitmentsDone: 1, commitmentsLate: 0 });
    // Bắc Sơn came into being after the in-year deadline: it has until the year's end, and its recorded session counts.
    expect(items[B]).toMatchObject({ status: "met", deadline: "2025-12-31", sessionsHeld: 1, recordedAfterwards: 1 });
    // Châu Giang cancelled its only session: not met once 30/06 passed.
    expect(items[C]).toMatchObject({ status: "not_met", sessionsHeld: 0, petitionsReceived: 1 });
    expect(items[D]).toBeUndefined();
  });

  it("the first half-year: the old communes on their own (their successor came later); Q1: pending until the deadline", async () => {
    const half = byCode(await compliance(supervisor, `province=${P}&year=2025&period=H1`));
    expect(Object.keys(half).sort()).toEqual([C, OA, OB].sort());
    expect(half[OA]).toMatchObject({ status: "met", rollsUpTo: null });
    expect(half[OB]).toMatchObject({ status: "not_met", rollsUpTo: null });
    expect(half[C].status).toBe("not_met");
    const quarter = await compliance(supervisor, `province=${P}&year=2025&period=Q1`);
    expect(quarter.period).toEqual({ from: "2025-01-01", to: "2025-03-31", mode: "calendar" });
    await expectFiguresFromRawRows(quarter);
    const q1 = byCode(quarter);
    expect(q1[OA].status).toBe("met");
    expect(q1[OB].status).toBe("pending");
    expect(q1[C]).toMatchObject({ status: "pending", petitionsReceived: 1, acknowledgedLate: 1, overdue: 1 });
  });

  it("a period that has not ended is pending; one judged before its deadline passed too", async () => {
    const future = await compliance(supervisor, `province=${P}&year=2030`);
    expect(future.items.map((item) => [item.unit.code, item.status]).sort()).toEqual(
      [
        [A, "pending"],
        [B, "pending"],
        [C, "pending"],
      ].sort(),
    );
    const asOfMay = await complianceReport(env.DB, { ...supervisorUser(), role: "supervisor" }, { province: P, year: 2025, period: "year" }, "2025-05-01");
    const items = Object.fromEntries(asOfMay.items.map((item) => [item.unit.code, item.status]));
    expect(items[OA]).toBe("met");
    expect(items[C]).toBe("pending");
  });

  it("the counts toward the minimum equal the raw rows' held sessions by the deadline", async () => {
    const report = byCode(await compliance(supervisor, `province=${P}&year=2025`));
    const raw = await rawRows([OA, OB, A, B, C]);
    expect(report[A].sessionsCounted).toBe(heldCount(raw, [A, OA, OB], "2025-01-01", "2025-06-30"));
    expect(report[B].sessionsCounted).toBe(heldCount(raw, [B], "2025-01-01", "2025-12-31"));
    expect(report[C].sessionsCounted).toBe(heldCount(raw, [C], "2025-01-01", "2025-06-30"));
  });

  it("reach: a commune official sees their unit and those merged into it; other provinces are 404; an administrator names the province", async () => {
    const own = await compliance(headA, `province=${P}&year=2025`);
    expect(own.items.map((item) => item.unit.code).sort()).toEqual([A, OA, OB].sort());
    expect((await compliance(staffC, "year=2025")).items.map((item) => item.unit.code)).toEqual([C]);
    const outside = await api("GET", `/api/v1/reports/compliance?province=${P}&year=2025`, { token: otherSupervisor.token });
    expect(outside.status).toBe(404);
    expectRoundTrips(outside, 1);
    expect((await api("GET", `/api/v1/reports/compliance?province=${Q}`, { token: headA.token })).status).toBe(404);
    expect((await api("GET", `/api/v1/reports/compliance?province=${A}`, { token: supervisor.token })).status).toBe(404);
    const unnamed = await api("GET", "/api/v1/reports/compliance?year=2025", { token: admin.token });
    expect(unnamed.status).toBe(400);
    expect((await problemOf(unnamed)).errors?.[0]).toMatchObject({ path: "province", code: "report.province_required" });
    expect((await compliance(admin, `province=${P}&year=2025`)).items).toHaveLength(5);
    // The old province is reached through the province that replaced it.
    expect((await compliance(supervisor, `province=${OP}&year=2025&period=H1`)).items.map((item) => item.unit.code).sort()).toEqual([OA, OB].sort());
  });

  it("bad input: a clear 400 naming the field", async () => {
    for (const [query, path] of [
      ["year=25", "year"],
      ["year=2026&period=Q5", "period"],
      ["province=%20", "province"],
    ]) {
      const response = await api("GET", `/api/v1/reports/compliance?${query}`, { token: supervisor.token });
      expect(response.status, query).toBe(400);
      expect((await problemOf(response)).errors?.[0]?.path, query).toBe(path);
    }
    expect((await api("GET", "/api/v1/reports/compliance")).status).toBe(401);
  });
});

describe("the commitments behind the figures (/oversight/commitments)", () => {
  const page = (account: TestAccount, path: string) => api("GET", path, { headers: { cookie: `sid=${account.token}`, accept: "text/html" } });
  const rowsOf = (html: string) => (html.match(/<tbody>([\s\S]*?)<\/tbody>/)?.[1].match(/<tr>/g) ?? []).length;

  it("hold as many commitments as each figure of each commune counts; one round trip", async () => {
    const report = await compliance(supervisor, `province=${P}&year=2025`);
    for (const item of report.items) {
      for (const figure of ["commitmentsDone", "commitmentsLate"] as const) {
        const response = await page(supervisor, `/oversight/commitments?unit=${item.unit.code}&own=1&from=2025-01-01&to=2025-12-31&figure=${figure}`);
        expect(response.status).toBe(200);
        expectRoundTrips(response, 1);
        expect(rowsOf(await response.text()), `${item.unit.name} ${figure}`).toBe(item[figure]);
      }
    }
    // The group (A with the units merged into it) and the province.
    const group = await (await page(supervisor, `/oversight/commitments?unit=${A}&from=2025-01-01&to=2025-12-31&figure=commitmentsDone`)).text();
    expect(rowsOf(group)).toBe(3);
    const late = await (await page(headA, `/oversight/commitments?unit=${A}&own=1&from=2025-01-01&to=2025-12-31`)).text();
    expect(rowsOf(late)).toBe(3);
    expect(late).toContain("/staff/commitments/");
    expect((await page(staffC, `/oversight/commitments?unit=${A}`)).status).toBe(404);
    expect((await page(otherSupervisor, `/oversight/commitments?province=${P}`)).status).toBe(404);
    expect((await page(supervisor, "/oversight/commitments?figure=nope")).status).toBe(400);
  });

  it("the dashboard shows each commune's commitment figures as links to those lists", async () => {
    const html = await (await page(supervisor, "/oversight?year=2025&live=1")).text();
    expect(html).toContain(`/oversight/commitments?unit=${A}&amp;own=1&amp;from=2025-01-01&amp;to=2025-12-31&amp;figure=commitmentsLate`);
  });
});

describe("GET /api/v1/reports/summary", () => {
  it("a province over a year: every figure as the raw rows of its units and those merged into them give it", async () => {
    const response = await api("GET", `/api/v1/reports/summary?province=${P}&from=2025-01-01&to=2025-12-31`, { token: supervisor.token });
    expect(response.status).toBe(200);
    expectRoundTrips(response, 1);
    const summary = await response.json<Record<string, any>>();
    const raw = await rawRows([OA, OB, A, B, C]);
    const days = { from: "2025-01-01", to: "2025-12-31" };
    const { byStatus, byKind, ...petitions } = petitionFigures(raw, [OA, OB, A, B, C], days, today);
    expect(summary.scope).toEqual({ kind: "province", code: P, name: "Tỉnh Mới Thử" });
    expect(summary.period).toEqual(days);
    expect(summary.sessions).toEqual(sessionFigures(raw, [OA, OB, A, B, C], days, today));
    expect(summary.petitions).toEqual({ ...petitions, byStatus, byKind });
    expect(summary.petitions.received).toBe(12);
    expect(summary.petitions.byStatus.split).toBeUndefined();
    expect(summary.commitments).toEqual(commitmentFigures(raw, [OA, OB, A, B, C], days, today));
    // A's September session: two done (one after its due day), one flagged late, one past due not yet flagged; OA's one done.
    expect(summary.commitments).toEqual({ commitmentsDone: 3, commitmentsLate: 3 });
    expect(summary.units.map((unit: { code: string }) => unit.code).sort()).toEqual([A, B, C, OA, OB].sort());
  });

  it("a commune over a range includes the units merged into it; one of them is reached through it", async () => {
    const days = { from: "2025-02-11", to: "2025-07-18" };
    const response = await api("GET", `/api/v1/reports/summary?unit=${A}&from=${days.from}&to=${days.to}`, { token: headA.token });
    expect(response.status).toBe(200);
    const summary = await response.json<Record<string, any>>();
    const raw = await rawRows([OA, OB, A]);
    const { byStatus, byKind, ...petitions } = petitionFigures(raw, [OA, OB, A], days, today);
    expect(summary.petitions).toEqual({ ...petitions, byStatus, byKind });
    expect(summary.petitions.received).toBe(4);
    expect(summary.sessions).toEqual(sessionFigures(raw, [OA, OB, A], days, today));
    expect(summary.commitments).toEqual({ commitmentsDone: 1, commitmentsLate: 0 });
    const old = await api("GET", `/api/v1/reports/summary?unit=${OA}&from=2025-01-01&to=2025-06-30`, { token: supervisor.token });
    expect(old.status).toBe(200);
    expect((await old.json<Record<string, any>>()).sessions.sessionsHeld).toBe(1);
  });

  it("reach and defaults: a commune official's own unit from 1 January; a province is not theirs; another province's unit is 404", async () => {
    const own = await api("GET", "/api/v1/reports/summary", { token: staffC.token });
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ scope: { kind: "unit", code: C }, period: { from: `${today.slice(0, 4)}-01-01`, to: today } });
    expect((await api("GET", `/api/v1/reports/summary?province=${P}`, { token: staffC.token })).status).toBe(404);
    expect((await api("GET", `/api/v1/reports/summary?unit=${D}`, { token: supervisor.token })).status).toBe(404);
    expect((await api("GET", `/api/v1/reports/summary?unit=${A}`, { token: staffC.token })).status).toBe(404);
    const both = await api("GET", `/api/v1/reports/summary?unit=${A}&province=${P}`, { token: supervisor.token });
    expect(both.status).toBe(400);
    const order = await api("GET", "/api/v1/reports/summary?from=2025-02-01&to=2025-01-01", { token: supervisor.token });
    expect((await problemOf(order)).errors?.[0]).toMatchObject({ path: "to", code: "report.range_order" });
  });
});

function supervisorUser() {
  return { id: supervisor.id, email: supervisor.email, name: "Giám sát", role: "supervisor" as const, unitCode: P, provinceCode: P };
}

describe("periods at their boundaries in Vietnam's time", () => {
  let R: string;
  let E: string;
  beforeAll(async () => {
    [R] = await insertUnits([{ name: "Tỉnh Cắt Kỳ", level: "province" }]);
    [E] = await insertUnits([{ name: "Xã Kỳ Báo Cáo", parent: R }]);
    await setPolicy(R, { effectiveFrom: "2020-01-01", reportPeriods: "cutoff" });
    const inE = { unit: E, province: R, acknowledgeBy: "2099-01-01" };
    for (const submittedAt of [
      "2024-12-14T16:59:59.999Z", // 14/12/2024 23:59:59.999: the 2024 report year
      "2024-12-14T17:00:00.000Z", // 15/12/2024 00:00: the first day of M01 and Q1 of 2025
      "2025-01-14T16:59:59.999Z", // 14/01 23:59: the last moment of M01
      "2025-01-14T17:00:00.000Z", // 15/01 00:00: M02
      "2025-03-14T16:59:59.999Z", // the last moment of Q1
      "2025-03-14T17:00:00.000Z", // Q2
      "2025-12-14T16:59:59.999Z", // the last moment of the 2025 report year
      "2025-12-14T17:00:00.000Z", // M01 of 2026
    ]) {
      await insertReportPetition({ ...inE, submittedAt });
    }
  });

  it.each([
    ["M01", "2024-12-15", "2025-01-14", 2],
    ["M02", "2025-01-15", "2025-02-14", 1],
    ["Q1", "2024-12-15", "2025-03-14", 4],
    ["Q2", "2025-03-15", "2025-06-14", 1],
    ["H1", "2024-12-15", "2025-06-14", 5],
    ["year", "2024-12-15", "2025-12-14", 6],
  ])("cut-off %s of 2025 runs %s to %s: %i petitions", async (period, from, to, received) => {
    const supervisorR = await makeAccount("supervisor", R);
    const report = await compliance(supervisorR, `year=2025&period=${period}`);
    expect(report.period).toEqual({ from, to, mode: "cutoff" });
    const raw = await rawRows([E]);
    expect(report.items[0].petitionsReceived).toBe(petitionFigures(raw, [E], { from, to }, today).received);
    expect(report.items[0].petitionsReceived).toBe(received);
  });

  it("a change of policy: the mode is the one in force at the period's calendar end, the judging policy the one at its end", async () => {
    const [S] = await insertUnits([{ name: "Tỉnh Đổi Chính Sách", level: "province" }]);
    await insertUnits([{ name: "Xã Một", parent: S }]);
    await setPolicy(S, { effectiveFrom: "2020-01-01", reportPeriods: "calendar", minSessionsPerYear: 1 });
    await setPolicy(S, { effectiveFrom: "2025-12-01", reportPeriods: "cutoff", minSessionsPerYear: 2 });
    const supervisorS = await makeAccount("supervisor", S);
    const year = await compliance(supervisorS, "year=2025");
    expect(year.period).toEqual({ from: "2024-12-15", to: "2025-12-14", mode: "cutoff" });
    expect(year.policy).toMatchObject({ effectiveFrom: "2025-12-01", minSessionsPerYear: 2 });
    const quarter = await compliance(supervisorS, "year=2025&period=Q1");
    expect(quarter.period).toEqual({ from: "2025-01-01", to: "2025-03-31", mode: "calendar" });
    expect(quarter.policy).toMatchObject({ effectiveFrom: "2020-01-01", minSessionsPerYear: 1 });
  });

  it("calendar quarters and months change at local midnight", async () => {
    const [T] = await insertUnits([{ name: "Tỉnh Lịch", level: "province" }]);
    const [F] = await insertUnits([{ name: "Xã Lịch", parent: T }]);
    await setPolicy(T, { effectiveFrom: "2020-01-01", reportPeriods: "calendar" });
    for (const submittedAt of ["2025-03-31T16:59:59.999Z", "2025-03-31T17:00:00.000Z", "2025-04-30T16:59:59.999Z"]) {
      await insertReportPetition({ unit: F, province: T, submittedAt, acknowledgeBy: "2099-01-01" });
    }
    const supervisorT = await makeAccount("supervisor", T);
    expect((await compliance(supervisorT, "year=2025&period=Q1")).items[0].petitionsReceived).toBe(1);
    expect((await compliance(supervisorT, "year=2025&period=Q2")).items[0].petitionsReceived).toBe(2);
    expect((await compliance(supervisorT, "year=2025&period=M04")).items[0].petitionsReceived).toBe(2);
    expect((await compliance(supervisorT, "year=2025&period=M03")).items[0].petitionsReceived).toBe(1);
    expect(local("2025-03-31T17:00:00.000Z")).toBe("2025-04-01");
  });
});
