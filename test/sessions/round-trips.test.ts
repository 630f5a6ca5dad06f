/**
 * The round-trip budget of the sessions, villages, policy, minutes and commitments routes (the app-wide table in
 * test/round-trips.test.ts leaves them to this file): a read is one round trip, a write at most two.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/index";
import { api, makeAccount, makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { minutesBody, putMinutesOk, threeOpinions } from "../support/minutes";
import { roundTripsOf } from "../support/round-trips";
import { actOk, book, freshIp, freshPhone, heldSession, plusHours, publishedSession, registerFor, type SessionJson, sessionBody } from "../support/sessions";

type Case = {
  method: string;
  path: () => string;
  as?: () => TestAccount;
  body?: () => unknown | Promise<unknown>;
  form?: () => Record<string, string> | Promise<Record<string, string>>;
  csv?: string;
  file?: string;
  page?: boolean;
  trips: number;
};

let units: TestUnits;
let admin: TestAccount;
let head: TestAccount;
let staff: TestAccount;
let session: SessionJson;
let draft: SessionJson;
let villageId = "";
const codes: string[] = [];
const docketItems: string[] = [];
const villages: string[] = [];
/** A session under way (check-in and minutes open), its registrants' codes, and one whose results are out with a commitment. */
let underway: SessionJson;
const doorCodes: string[] = [];
let results: SessionJson;
let commitmentId = "";

beforeAll(async () => {
  units = await makeUnits();
  admin = await makeAccount("admin", null);
  head = await makeAccount("commune_head", units.commune);
  staff = await makeAccount("commune_staff", units.commune);
  session = await publishedSession(head.token, units.commune, { capacity: 100 });
  draft = await book(head.token, sessionBody(units.commune));
  for (let index = 0; index < 4; index++)
    codes.push((await (await registerFor(session.id, { question: `Câu hỏi ${index}` })).json<{ registrationCode: string }>()).registrationCode);
  for (let index = 0; index < 2; index++) {
    const item = await api("POST", `/api/v1/sessions/${session.id}/docket`, { token: staff.token, body: { question: `Vấn đề ${index}` } });
    docketItems.push((await item.json<{ id: string }>()).id);
  }
  for (const name of ["Thôn Một", "Thôn Hai", "Thôn Ba", "Thôn Bốn"]) {
    const village = await api("POST", `/api/v1/units/${units.commune}/villages`, { token: head.token, body: { name } });
    villages.push((await village.json<{ id: string }>()).id);
  }
  villageId = villages[0];

  underway = await publishedSession(head.token, units.commune);
  for (let index = 0; index < 3; index++) doorCodes.push((await (await registerFor(underway.id)).json<{ registrationCode: string }>()).registrationCode);
  const started = new Date(Date.now() - 3_600_000).toISOString();
  await env.DB.prepare("UPDATE dialogue_sessions SET starts_at = ?, ends_at = ? WHERE id = ?").bind(started, plusHours(started, 3), underway.id).run();
  results = await publishedSession(head.token, units.commune, { villageIds: [villageId] });
  await env.DB.prepare("UPDATE dialogue_sessions SET starts_at = ?, ends_at = ? WHERE id = ?").bind(started, plusHours(started, 3), results.id).run();
  const minutes = await putMinutesOk(staff.token, results.id, minutesBody(threeOpinions({ villageId })));
  commitmentId = minutes.items[2].commitment?.id ?? "";
  await heldSession(head.token, results.id);
  await actOk(head.token, results.id, { action: "publish_results", summary: "Kết quả." });
});

const asHead = () => head;
const asStaff = () => staff;
const asAdmin = () => admin;
const later = (days: number) => new Date(Date.parse(session.startsAt) + days * 86_400_000).toISOString();
const versionOf = async (id: string) => (await env.DB.prepare("SELECT version FROM dialogue_sessions WHERE id = ?").bind(id).first<number>("version")) ?? 0;
const localInput = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 16);
const policyBody = {
  effectiveFrom: "2026-01-01",
  minSessionsPerYear: 1,
  noticeDays: 7,
  resultsDays: 10,
  feedbackWindowWorkingDays: 10,
  reportPeriods: "cutoff",
  personalDataRetentionMonths: 12,
};

const cases: Case[] = [
  { method: "POST", path: () => "/api/v1/sessions", as: asHead, body: () => sessionBody(units.commune), trips: 2 },
  { method: "GET", path: () => `/api/v1/sessions?unit=${units.commune}`, trips: 1 },
  { method: "GET", path: () => `/api/v1/sessions/${session.id}`, trips: 1 },
  {
    method: "PATCH",
    path: () => `/api/v1/sessions/${draft.id}`,
    as: asHead,
    body: async () => ({ title: `Đổi tên ${Date.now()}`, version: await versionOf(draft.id) }),
    trips: 2,
  },
  {
    method: "POST",
    path: () => `/api/v1/sessions/${draft.id}/actions`,
    as: asHead,
    body: () => ({ action: "reschedule", startsAt: later(40), endsAt: later(40.1), reason: "x" }),
    trips: 2,
  },
  { method: "GET", path: () => `/api/v1/sessions/${session.id}/calendar.ics`, trips: 1 },
  { method: "GET", path: () => `/api/v1/sessions/${session.id}/docket`, trips: 1 },
  { method: "POST", path: () => `/api/v1/sessions/${session.id}/docket`, as: asStaff, body: () => ({ question: "Thêm" }), trips: 2 },
  { method: "DELETE", path: () => `/api/v1/sessions/${session.id}/docket/${docketItems.pop()}`, as: asStaff, trips: 2 },
  { method: "POST", path: () => `/api/v1/sessions/${session.id}/registrations`, body: () => ({ name: "Người thử", phone: freshPhone() }), trips: 2 },
  { method: "GET", path: () => `/api/v1/sessions/${session.id}/registrations`, as: asStaff, trips: 1 },
  { method: "GET", path: () => `/api/v1/registrations/${codes[0]}`, trips: 1 },
  { method: "DELETE", path: () => `/api/v1/registrations/${codes.pop()}`, trips: 2 },
  { method: "GET", path: () => `/api/v1/units/${units.commune}/sessions.ics`, trips: 1 },
  // On the day and after (issue 12)
  { method: "POST", path: () => `/api/v1/sessions/${underway.id}/checkins`, as: asStaff, body: () => ({ registrationCode: doorCodes.pop() }), trips: 2 },
  { method: "PUT", path: () => `/api/v1/sessions/${underway.id}/minutes`, as: asStaff, body: () => minutesBody([threeOpinions()[0]]), trips: 2 },
  { method: "GET", path: () => `/api/v1/sessions/${underway.id}/minutes`, as: asStaff, trips: 1 },
  { method: "GET", path: () => `/api/v1/commitments?unit=${units.commune}`, trips: 1 },
  { method: "GET", path: () => `/api/v1/commitments/${commitmentId}`, trips: 1 },
  {
    method: "POST",
    path: () => `/api/v1/commitments/${commitmentId}/progress`,
    as: asStaff,
    body: () => ({ status: "in_progress", note: "Đang làm", percent: 30 }),
    trips: 2,
  },
  { method: "GET", path: () => `/api/v1/units/${units.commune}/villages`, trips: 1 },
  { method: "POST", path: () => `/api/v1/units/${units.commune}/villages`, as: asHead, body: () => ({ name: `Thôn ${Date.now()}` }), trips: 2 },
  { method: "POST", path: () => `/api/v1/units/${units.commune}/villages/import`, as: asHead, csv: "name,head_name\nThôn Nhập,Ông Nhập\n", trips: 2 },
  { method: "PATCH", path: () => `/api/v1/units/${units.commune}/villages/${villageId}`, as: asHead, body: () => ({ headName: "Bà Mới" }), trips: 2 },
  { method: "DELETE", path: () => `/api/v1/units/${units.commune}/villages/${villages.pop()}`, as: asHead, trips: 2 },
  { method: "GET", path: () => `/api/v1/policies/${units.province}`, as: asAdmin, trips: 1 },
  { method: "PUT", path: () => `/api/v1/policies/${units.province}`, as: asAdmin, body: () => policyBody, trips: 2 },
  // Pages
  { method: "GET", path: () => `/staff/sessions?month=${localInput(session.startsAt).slice(0, 7)}`, as: asHead, page: true, trips: 1 },
  { method: "GET", path: () => "/staff/sessions/new", as: asHead, page: true, trips: 1 },
  {
    method: "POST",
    path: () => "/staff/sessions/new",
    as: asHead,
    page: true,
    form: () => ({
      intent: "save",
      title: "Từ trang",
      startsAt: localInput(later(60)),
      endTime: "23:59",
      venueName: `Nhà văn hóa ${Date.now()}`,
      capacity: "10",
      mode: "in_person",
      bridgeRows: "0",
    }),
    trips: 2,
  },
  { method: "GET", path: () => `/staff/sessions/${session.id}`, as: asStaff, page: true, trips: 1 },
  { method: "GET", path: () => `/staff/sessions/${draft.id}/edit`, as: asHead, page: true, trips: 1 },
  {
    method: "POST",
    path: () => `/staff/sessions/${draft.id}/edit`,
    as: asHead,
    page: true,
    form: async () => ({
      intent: "save",
      title: "Sửa từ trang",
      venueName: `Hội trường ${Date.now()}`,
      capacity: "20",
      mode: "online",
      bridgeRows: "0",
      version: String(await versionOf(draft.id)),
    }),
    trips: 2,
  },
  {
    method: "POST",
    path: () => `/staff/sessions/${draft.id}/actions`,
    as: asHead,
    page: true,
    form: () => ({ action: "reschedule", startsAt: localInput(later(41)), endTime: "23:30", reason: "Đổi" }),
    trips: 2,
  },
  { method: "POST", path: () => `/staff/sessions/${session.id}/docket`, as: asStaff, page: true, form: () => ({ question: "Từ trang" }), trips: 2 },
  { method: "POST", path: () => `/staff/sessions/${session.id}/docket/${docketItems.pop()}/delete`, as: asStaff, page: true, trips: 2 },
  { method: "GET", path: () => `/sessions?province=${units.province}`, page: true, trips: 1 },
  { method: "GET", path: () => `/sessions/${session.id}`, page: true, trips: 1 },
  { method: "GET", path: () => `/sessions/${session.id}/register`, page: true, trips: 1 },
  { method: "POST", path: () => `/sessions/${session.id}/register`, page: true, form: () => ({ name: "Người trang", phone: freshPhone() }), trips: 2 },
  { method: "GET", path: () => `/registrations/${codes[0]}`, page: true, trips: 1 },
  { method: "POST", path: () => `/registrations/${codes.pop()}/cancel`, page: true, trips: 2 },
  { method: "GET", path: () => `/sessions/${session.id}/notice`, page: true, trips: 1 },
  { method: "GET", path: () => `/sessions/${session.id}/announcement.txt`, page: true, trips: 1 },
  { method: "GET", path: () => `/staff/sessions/${underway.id}/checkin?q=nguyen`, as: asStaff, page: true, trips: 1 },
  { method: "POST", path: () => `/staff/sessions/${underway.id}/checkin`, as: asStaff, page: true, form: () => ({ q: doorCodes.pop() ?? "" }), trips: 2 },
  { method: "POST", path: () => `/staff/sessions/${underway.id}/walk-ins`, as: asStaff, page: true, form: () => ({ walkIns: "9" }), trips: 2 },
  { method: "GET", path: () => `/staff/sessions/${underway.id}/minutes`, as: asStaff, page: true, trips: 1 },
  {
    method: "POST",
    path: () => `/staff/sessions/${underway.id}/minutes`,
    as: asStaff,
    page: true,
    form: () => ({
      intent: "save",
      attendance: "12",
      summary: "Tóm tắt",
      rows: "1",
      "items.0.question": "Ý kiến",
      "items.0.answer": "Trả lời",
      "items.0.answeredOnSpot": "yes",
    }),
    trips: 2,
  },
  { method: "GET", path: () => `/staff/sessions/${underway.id}/record`, as: asStaff, page: true, trips: 1 },
  { method: "GET", path: () => `/sessions/${results.id}/results`, page: true, trips: 1 },
  { method: "GET", path: () => `/sessions/${results.id}/results/notice`, page: true, trips: 1 },
  { method: "GET", path: () => `/units/${units.commune}/promises`, page: true, trips: 1 },
  { method: "GET", path: () => "/staff/commitments", as: asStaff, page: true, trips: 1 },
  { method: "GET", path: () => `/staff/commitments/${commitmentId}`, as: asStaff, page: true, trips: 1 },
  {
    method: "POST",
    path: () => `/staff/commitments/${commitmentId}/progress`,
    as: asStaff,
    page: true,
    form: () => ({ status: "in_progress", note: "Từ trang", percent: "40" }),
    trips: 2,
  },
  // A redirect reads nothing, but the signed-in account is still checked on its own.
  { method: "GET", path: () => "/staff/villages", as: asHead, page: true, trips: 1 },
  { method: "GET", path: () => `/staff/villages/${units.commune}`, as: asHead, page: true, trips: 1 },
  { method: "POST", path: () => `/staff/villages/${units.commune}`, as: asHead, page: true, form: () => ({ name: `Tổ ${Date.now()}` }), trips: 2 },
  { method: "POST", path: () => `/staff/villages/${units.commune}/import`, as: asHead, page: true, file: "name\nThôn Tải Lên\n", trips: 2 },
  { method: "GET", path: () => `/staff/villages/${units.commune}/${villageId}/edit`, as: asHead, page: true, trips: 1 },
  {
    method: "POST",
    path: () => `/staff/villages/${units.commune}/${villageId}/edit`,
    as: asHead,
    page: true,
    form: () => ({ name: "Thôn Một", headName: "Ông Một" }),
    trips: 2,
  },
  { method: "POST", path: () => `/staff/villages/${units.commune}/${villages.pop()}/delete`, as: asHead, page: true, trips: 2 },
  { method: "GET", path: () => `/admin/policies?province=${units.province}`, as: asAdmin, page: true, trips: 1 },
  {
    method: "POST",
    path: () => `/admin/policies/${units.province}`,
    as: asAdmin,
    page: true,
    form: () => ({ ...Object.fromEntries(Object.entries(policyBody).map(([name, value]) => [name, String(value)])), effectiveFrom: "2026-02-01" }),
    trips: 2,
  },
];

describe("D1 round trips of the sessions, villages and policy routes", () => {
  for (const [index, testCase] of cases.entries()) {
    it(`#${index} ${testCase.method} ${testCase.path.toString().replace(/^\(\) => /, "")}: ${testCase.trips}`, async () => {
      const who = testCase.as?.();
      const headers: Record<string, string> = { "cf-connecting-ip": freshIp() };
      if (testCase.page) headers.accept = "text/html";
      if (testCase.page && who) headers.cookie = `sid=${who.token}`;
      let rawBody: BodyInit | undefined;
      if (testCase.file) {
        rawBody = new FormData();
        rawBody.append("file", new File([testCase.file], "thon.csv", { type: "text/csv" }));
        headers.origin = "http://127.0.0.1";
      } else if (testCase.page && testCase.method === "POST") {
        Object.assign(headers, { origin: "http://127.0.0.1", "content-type": "application/x-www-form-urlencoded" });
        rawBody = new URLSearchParams((await testCase.form?.()) ?? {}).toString();
      } else if (testCase.csv) {
        headers["content-type"] = "text/csv";
        rawBody = testCase.csv;
      }
      const response = await api(testCase.method, testCase.path(), {
        token: testCase.page ? undefined : who?.token,
        body: await testCase.body?.(),
        rawBody,
        headers,
      });
      expect(response.status, await response.clone().text()).toBeLessThan(400);
      expect(roundTripsOf(response)).toBe(testCase.trips);
    });
  }

  it("leaves out none of these domains' routes", () => {
    const mine =
      /^\/(api\/v1\/(sessions|registrations|policies|commitments|units\/:code\/(villages|sessions))|staff\/(sessions|villages|commitments)|sessions|registrations|units\/:code\/promises|admin\/policies)/;
    const covered = new Set(cases.map((testCase) => `${testCase.method} ${templateOf(testCase.method, testCase.path())}`));
    const missing = app.routes
      .filter((route) => route.method !== "ALL" && mine.test(route.path))
      .map((route) => `${route.method} ${route.path}`)
      .filter((route, index, all) => all.indexOf(route) === index && !covered.has(route));
    expect(missing).toEqual([]);
  });
});

function templateOf(method: string, path: string): string {
  const bare = path.split("?")[0];
  const candidates = app.routes.filter(
    (route) => route.method === method && new RegExp(`^${route.path.replace(/\./g, "\\.").replace(/:[^/]+/g, "[^/]+")}$`).test(bare),
  );
  candidates.sort((a, b) => (a.path.match(/:/g)?.length ?? 0) - (b.path.match(/:/g)?.length ?? 0));
  return candidates[0]?.path ?? bare;
}
