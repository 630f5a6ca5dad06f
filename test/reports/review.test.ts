import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { opinionOutcome } from "../../src/reports/rules";
import { api, makeAccount, problemOf, type TestAccount } from "../support/factory";
import { insertCommitment, insertMinutesItem, insertReportPetition, insertSession, insertUnits, setPolicy } from "../support/reports";
import { expectRoundTrips } from "../support/round-trips";

// Xã An Khê (A) replaced Xã An Khê cũ (OA) on 1/7/2025; its 2025 review holds both communes' sessions of the year.
let P: string;
let Q: string;
let A: string;
let OA: string;
let B: string;
let supervisor: TestAccount;
let otherSupervisor: TestAccount;
let headA: TestAccount;
let staffB: TestAccount;
const ASKER = "Trần Thị Hỏi";
const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  [P, Q] = await insertUnits([
    { name: "Tỉnh Tổng Kết", level: "province" },
    { name: "Tỉnh Xa", level: "province" },
  ]);
  [A, B] = await insertUnits([
    { name: "Xã An Khê", parent: P, validFrom: "2025-07-01" },
    { name: "Xã Bình Minh", parent: P },
  ]);
  [OA] = await insertUnits([{ name: "Xã An Khê cũ", parent: P, validTo: "2025-06-30", replacedBy: A }]);
  await setPolicy(P, { effectiveFrom: "2020-01-01", reportPeriods: "calendar" });
  [supervisor, otherSupervisor, headA, staffB] = await Promise.all([
    makeAccount("supervisor", P),
    makeAccount("supervisor", Q),
    makeAccount("commune_head", A),
    makeAccount("commune_staff", B),
  ]);
  const chair = headA.id;
  const now = new Date().toISOString();
  const village = crypto.randomUUID();
  await env.DB.prepare("INSERT INTO villages (id, unit_code, name, name_folded, created_at, updated_at) VALUES (?, ?, 'Thôn Đông', 'thon dong', ?, ?)")
    .bind(village, A, now, now)
    .run();
  const march = await insertSession({ unit: OA, province: P, chair, startsAt: "2025-03-10T01:00:00.000Z", title: "Đối thoại đầu năm" });
  const september = await insertSession({
    unit: A,
    province: P,
    chair,
    startsAt: "2025-09-05T01:00:00.000Z",
    resultsPublishedAt: "2025-09-12T01:00:00.000Z",
    title: "Đối thoại sau sáp nhập",
  });
  const lastYear = await insertSession({ unit: OA, province: P, chair, startsAt: "2024-12-31T16:30:00.000Z" }); // 23:30 on 31/12/2024
  const cancelled = await insertSession({ unit: A, province: P, chair, startsAt: "2025-10-01T01:00:00.000Z", status: "cancelled" });
  const other = await insertSession({ unit: B, province: P, chair, startsAt: "2025-05-01T01:00:00.000Z" });
  for (const session of [lastYear, cancelled, other]) await insertMinutesItem({ session, position: 0, question: "Không thuộc tổng kết", answeredOnSpot: true });

  await insertMinutesItem({
    session: march,
    position: 0,
    question: "Đèn đường thôn Đông hỏng",
    answeredOnSpot: true,
    answer: "Đã thay trong tuần",
    askedByName: ASKER,
  });
  const petition = (status: string) =>
    insertReportPetition({
      unit: OA,
      province: P,
      submittedAt: "2025-03-10T01:00:00.000Z",
      acknowledgeBy: "2025-03-24",
      status,
      channel: "session",
      resolveBy: "2025-04-30",
    });
  await insertMinutesItem({ session: march, position: 1, question: "Tranh chấp ranh giới đất", followUp: "petition", petition: await petition("resolved") });
  await insertMinutesItem({ session: march, position: 2, question: "Ô nhiễm từ xưởng gỗ", followUp: "petition", petition: await petition("in_progress") });
  await insertMinutesItem({
    session: march,
    position: 3,
    question: "Đề nghị thuộc thẩm quyền tỉnh",
    followUp: "petition",
    petition: await petition("returned"),
  });
  const promised = async (position: number, question: string, terms: Record<string, unknown> & { dueOn: string }) => {
    const item = await insertMinutesItem({ session: september, position, question, followUp: "commitment", village, askedByName: ASKER });
    await insertCommitment({ unit: A, province: P, session: september, item, createdBy: chair, ...terms });
  };
  await promised(0, "Sửa cầu tràn", { dueOn: "2025-10-30", status: "done", doneAt: "2025-10-20T03:00:00.000Z", description: "Sửa cầu tràn thôn Đông" });
  await promised(1, "Nạo vét kênh", { dueOn: "2025-10-30", status: "in_progress", percent: 60, late: true, description: "Nạo vét kênh tiêu" });
  await promised(2, "Mở rộng trường", { dueOn: "2099-01-01", status: "open", description: "Xây thêm phòng học" });
  await insertMinutesItem({ session: september, position: 3, question: "Ý kiến chưa ai trả lời", askedByName: ASKER });
});

type Review = {
  unit: { code: string };
  period: { from: string; to: string };
  figures: Record<string, number>;
  sessions: { id: string; day: string; unit: { code: string }; opinions: { question: string; outcome: string; late: boolean; village: string | null }[] }[];
};

/** The year's opinions from the raw rows: held sessions of A and OA in 2025, each outcome worked out the plain way. */
async function fromRawRows() {
  const { results } = await env.DB.prepare(
    `SELECT s.starts_at, i.position, i.question, i.answered_on_spot, i.follow_up, p.status AS petition_status, c.status AS commitment_status, c.due_on, c.late, c.done_at
     FROM minutes_items i JOIN dialogue_sessions s ON s.id = i.session_id LEFT JOIN petitions p ON p.id = i.petition_id LEFT JOIN commitments c ON c.item_id = i.id
     WHERE s.unit_code IN (?, ?) AND s.status IN ('held', 'results_published')`,
  )
    .bind(A, OA)
    .all<Record<string, any>>();
  const local = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 10);
  return results
    .filter((row) => local(row.starts_at).startsWith("2025-"))
    .sort((a, b) => a.starts_at.localeCompare(b.starts_at) || a.position - b.position)
    .map((row) => {
      let outcome = row.answered_on_spot ? "answered" : "not_followed";
      let late = false;
      if (row.follow_up === "petition")
        outcome = ["answered", "resolved", "escalated"].includes(row.petition_status)
          ? "petition_resolved"
          : ["returned", "filed", "duplicate"].includes(row.petition_status)
            ? "petition_closed"
            : "petition_open";
      if (row.follow_up === "commitment") {
        outcome = row.commitment_status === "done" ? "commitment_done" : "commitment_open";
        late = row.late === 1 || (row.commitment_status === "done" ? local(row.done_at) > row.due_on : row.due_on < today);
      }
      return { question: row.question, outcome, late };
    });
}

describe("GET /api/v1/reports/review", () => {
  it("every opinion of the commune's sessions of the year (the merged commune's too) with its outcome, as the raw rows give it; one round trip", async () => {
    const response = await api("GET", `/api/v1/reports/review?unit=${A}&year=2025`, { token: supervisor.token });
    expect(response.status, await response.clone().text()).toBe(200);
    expectRoundTrips(response, 1);
    const review = await response.json<Review>();
    expect(review.period).toMatchObject({ from: "2025-01-01", to: "2025-12-31" });
    expect(review.sessions.map((session) => [session.day, session.unit.code])).toEqual([
      ["2025-03-10", OA],
      ["2025-09-05", A],
    ]);
    const opinions = review.sessions.flatMap((session) => session.opinions.map(({ question, outcome, late }) => ({ question, outcome, late })));
    expect(opinions).toEqual(await fromRawRows());
    expect(opinions.map((opinion) => opinion.outcome)).toEqual([
      "answered",
      "petition_resolved",
      "petition_open",
      "petition_closed",
      "commitment_done",
      "commitment_open",
      "commitment_open",
      "not_followed",
    ]);
    expect(review.figures).toEqual({
      opinions: 8,
      answered: 1,
      petitions: 3,
      petitionsResolved: 1,
      petitionsClosed: 1,
      commitments: 3,
      commitmentsDone: 1,
      commitmentsLate: 1,
      open: 4,
    });
    expect(review.sessions[1].opinions[0].village).toBe("Thôn Đông");
    expect(JSON.stringify(review)).not.toContain(ASKER);
  });

  it("reach: the commune's head by default, supervisors of its province; others 404; a supervisor must name the commune", async () => {
    const own = await api("GET", "/api/v1/reports/review?year=2025", { token: headA.token });
    expect(own.status).toBe(200);
    expect((await own.json<Review>()).unit.code).toBe(A);
    expect((await api("GET", `/api/v1/reports/review?unit=${A}&year=2025`, { token: staffB.token })).status).toBe(404);
    expect((await api("GET", `/api/v1/reports/review?unit=${A}`, { token: otherSupervisor.token })).status).toBe(404);
    expect((await api("GET", `/api/v1/reports/review?unit=${P}`, { token: supervisor.token })).status).toBe(404);
    expect((await problemOf(await api("GET", "/api/v1/reports/review", { token: supervisor.token }))).errors?.[0]).toMatchObject({
      path: "unit",
      code: "report.unit_required",
    });
    expect((await problemOf(await api("GET", `/api/v1/reports/review?unit=${A}&year=20x5`, { token: supervisor.token }))).errors?.[0]?.path).toBe("year");
    expect((await api("GET", `/api/v1/reports/review?unit=${A}`)).status).toBe(401);
  });
});

describe("the review's page and printable document", () => {
  const page = (account: TestAccount, path: string) => api("GET", path, { headers: { cookie: `sid=${account.token}`, accept: "text/html" } });

  it("the page shows each session's opinions and their outcomes in words, without who asked; one round trip", async () => {
    const response = await page(supervisor, `/oversight/review?unit=${A}&year=2025`);
    expect(response.status).toBe(200);
    expectRoundTrips(response, 1);
    const html = await response.text();
    expect(html).toContain("Tổng kết năm 2025: Xã An Khê");
    expect(html).toContain("Tranh chấp ranh giới đất");
    expect(html).toContain("Chuyển thành đơn, đã giải quyết");
    expect(html).toContain("Cam kết, chưa hoàn thành. Nạo vét kênh tiêu (hạn 30/10/2025, đạt 60%)");
    expect(html).toContain("Trễ hạn");
    expect(html).toContain(`/oversight/print/review?unit=${A}&amp;year=2025`);
    expect(html).not.toContain(ASKER);
    expect(html).not.toContain("Không thuộc tổng kết");
  });

  it("prints as an administrative document of the commune (Nghị định 30/2020), without who asked", async () => {
    const response = await page(headA, "/oversight/print/review?year=2025");
    expect(response.status).toBe(200);
    expectRoundTrips(response, 1);
    const html = await response.text();
    expect(html).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(html).toContain("Tổng kết việc giải quyết ý kiến của Nhân dân tại hội nghị đối thoại năm 2025");
    expect(html).toContain("tiếp nhận 8 ý kiến");
    expect(html).toContain("Nơi nhận");
    expect(html).not.toContain(ASKER);
  });

  it("the commune's view of the dashboard links to its review", async () => {
    const html = await (await page(supervisor, `/oversight?unit=${A}&year=2025&live=1`)).text();
    expect(html).toContain(`/oversight/review?unit=${A}&amp;year=2025`);
  });
});

describe("an opinion's outcome", () => {
  const commitment = { status: "in_progress" as const, dueOn: "2026-03-01", late: false, doneAt: null };
  it.each([
    [{ answeredOnSpot: true, followUp: null, petitionStatus: null, commitment: null }, "2026-01-01", { outcome: "answered", late: false }],
    [{ answeredOnSpot: false, followUp: null, petitionStatus: null, commitment: null }, "2026-01-01", { outcome: "not_followed", late: false }],
    [
      { answeredOnSpot: true, followUp: "petition", petitionStatus: "escalated", commitment: null },
      "2026-01-01",
      { outcome: "petition_resolved", late: false },
    ],
    [{ answeredOnSpot: false, followUp: "petition", petitionStatus: "duplicate", commitment: null }, "2026-01-01", { outcome: "petition_closed", late: false }],
    [{ answeredOnSpot: false, followUp: "petition", petitionStatus: "reopened", commitment: null }, "2026-01-01", { outcome: "petition_open", late: false }],
    [{ answeredOnSpot: false, followUp: "commitment", petitionStatus: null, commitment }, "2026-03-01", { outcome: "commitment_open", late: false }],
    [{ answeredOnSpot: false, followUp: "commitment", petitionStatus: null, commitment }, "2026-03-02", { outcome: "commitment_open", late: true }],
    // Done at 23:59 local on the due day is on time; at 00:00 the next day, late.
    [
      {
        answeredOnSpot: false,
        followUp: "commitment",
        petitionStatus: null,
        commitment: { ...commitment, status: "done", doneAt: "2026-03-01T16:59:00.000Z" },
      },
      "2026-05-01",
      { outcome: "commitment_done", late: false },
    ],
    [
      {
        answeredOnSpot: false,
        followUp: "commitment",
        petitionStatus: null,
        commitment: { ...commitment, status: "done", doneAt: "2026-03-01T17:00:00.000Z" },
      },
      "2026-05-01",
      { outcome: "commitment_done", late: true },
    ],
  ] as const)("%o on %s → %o", (facts, day, expected) => {
    expect(opinionOutcome(facts as Parameters<typeof opinionOutcome>[0], day)).toEqual(expected);
  });
});
