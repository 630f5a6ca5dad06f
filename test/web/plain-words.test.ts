/**
 * Every page, as each role that may see it, speaks people's words: no ids, no raw codes (snake_case values,
 * role, level or state names, message codes, unit codes), one language, a doctype and a title that does not
 * repeat the product's name. Form pages are also checked with their errors showing.
 *
 * To add a page: add a line to `PAGES` (path, who may see it, and for a form post its fields). The petition pages
 * are visited in every state (test/support/petition-states.ts), with every action's form and confirmation drawn.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { auditStatement } from "../../src/audit/store";
import { api, makeUnits, type TestAccount, type TestUnits, uniqueCode } from "../support/factory";
import { makePerson } from "../support/pages";
import { makePetitionStates, type PetitionStates } from "../support/petition-states";
import { otherLanguageIn, rawCodesIn, unmarkedFields, visibleText } from "../support/visible-text";

/** The form's key of a petition sent from the page (its form then says it was sent). */
const SENT_FORM_KEY = "plainwordsSentForm0001";
const FORM_KEY = "plainwordsFreshForm001";

type Who = "anonymous" | "admin" | "supervisor" | "head" | "staff";
const OFFICIALS: Who[] = ["admin", "supervisor", "head", "staff"];

type PageCase = {
  /** What the page is, for the test's name. */
  name: string;
  path: string | (() => string);
  as: Who[];
  /** A form post (urlencoded): the page drawn again with its errors. */
  form?: Record<string, string> | (() => Record<string, string>);
  /** The status the page answers with (200 unless said). */
  status?: number;
};

const PAGES: PageCase[] = [
  { name: "home", path: "/", as: ["anonymous", ...OFFICIALS] },
  { name: "sign-in", path: "/login", as: ["anonymous"] },
  { name: "sign-in, nothing filled in", path: "/login", as: ["anonymous"], form: { email: "", password: "" }, status: 400 },
  { name: "sign-in, wrong password", path: "/login", as: ["anonymous"], form: () => ({ email: accounts.head.email, password: "sai-mat-khau-9" }), status: 401 },
  { name: "page not found", path: "/khong-co-trang-nay", as: ["anonymous", "head"], status: 404 },
  { name: "page of another role", path: "/admin/accounts", as: ["head", "supervisor"], status: 403 },
  { name: "dashboard", path: "/dashboard", as: OFFICIALS },
  { name: "dashboard, one commune found", path: "/dashboard?unitq=an+khe", as: ["supervisor"] },
  { name: "dashboard, no commune found", path: "/dashboard?unitq=khong+co+xa+nay", as: ["supervisor"] },
  { name: "own password", path: "/account/password", as: OFFICIALS },
  { name: "own password, wrong", path: "/account/password", as: ["staff"], form: { currentPassword: "sai-mat-khau-9", newPassword: "x" }, status: 400 },
  { name: "units", path: "/admin/units", as: ["admin"] },
  { name: "units, searched", path: "/admin/units?q=an+khe", as: ["admin"] },
  { name: "new unit", path: "/admin/units/new", as: ["admin"] },
  { name: "new unit, parent searched", path: "/admin/units/new?parentq=tinh+thu", as: ["admin"] },
  { name: "new unit, nothing filled in", path: "/admin/units", as: ["admin"], form: { code: "", name: "", level: "" }, status: 400 },
  {
    name: "new unit, parent of the wrong level",
    path: "/admin/units",
    as: ["admin"],
    form: () => ({ code: uniqueCode("W"), name: "Tỉnh Sai", level: "province", parentCode: units.province }),
    status: 400,
  },
  { name: "accounts", path: "/admin/accounts", as: ["admin"] },
  { name: "disabling an account, the question", path: () => `/admin/accounts/${accounts.staff.id}/disable`, as: ["admin"] },
  { name: "new account", path: "/admin/accounts/new", as: ["admin"] },
  { name: "new account, unit searched", path: "/admin/accounts/new?unitq=an+khe", as: ["admin"] },
  {
    name: "new account, nothing filled in",
    path: "/admin/accounts",
    as: ["admin"],
    form: { role: "", unitCode: "", name: "", email: "", password: "" },
    status: 400,
  },
  {
    name: "new account, a commune head given a province",
    path: "/admin/accounts",
    as: ["admin"],
    form: () => ({
      role: "commune_head",
      unitCode: units.province,
      name: "Người Thử",
      email: `${uniqueCode("x").toLowerCase()}@test.local`,
      password: "Mat-khau-123",
    }),
    status: 400,
  },
  { name: "new account, search step", path: "/admin/accounts", as: ["admin"], form: { find: "unitCode", unitq: "an thai", role: "commune_staff" } },
  { name: "holidays", path: "/admin/holidays?year=2026", as: ["admin"] },
  { name: "holidays, a provisional year", path: "/admin/holidays?year=2027", as: ["admin"] },
  { name: "holidays, a year without any", path: "/admin/holidays?year=2099", as: ["admin"] },
  { name: "removing a day off, the question", path: "/admin/holidays/2026-01-01/delete", as: ["admin"] },
  { name: "holidays, nothing filled in", path: "/admin/holidays", as: ["admin"], form: { date: "", name: "" }, status: 400 },
  { name: "activity log", path: "/admin/audit", as: ["admin"] },
  { name: "activity log, one person", path: () => `/admin/audit?actorId=${accounts.head.id}`, as: ["admin"] },
  { name: "activity log, one kind", path: "/admin/audit?action=account.update", as: ["admin"] },
  ...petitionPages(),
  { name: "time limits", path: "/admin/time-limits", as: ["admin"] },
  { name: "policies of a province", path: () => `/admin/policies?province=${units.province}`, as: ["admin"] },
  {
    name: "policies, nothing filled in",
    path: () => `/admin/policies/${units.province}`,
    as: ["admin"],
    form: { effectiveFrom: "", reportPeriods: "year" },
    status: 400,
  },
  { name: "villages of the commune", path: () => `/staff/villages/${units.commune}`, as: ["head"] },
  { name: "villages, nothing filled in", path: () => `/staff/villages/${units.commune}`, as: ["head"], form: { name: "" }, status: 400 },
  { name: "time limits of a province", path: () => `/admin/time-limits?province=${units.province}`, as: ["admin"] },
  { name: "time limits, province searched", path: "/admin/time-limits?provinceq=tinh+thu", as: ["admin"] },
  {
    name: "time limits, a wrong value",
    path: "/admin/time-limits",
    as: ["admin"],
    form: { province: "*", rule: "complaint_remote_complex", days: "0", dayKind: "calendar", effectiveFrom: "" },
    status: 400,
  },
  { name: "oversight dashboard", path: "/oversight", as: ["supervisor", "head", "staff"] },
  { name: "oversight dashboard, live, sorted", path: "/oversight?live=1&sort=overdue&dir=desc&status=pending", as: ["supervisor"] },
  { name: "oversight, choosing a province", path: "/oversight", as: ["admin"] },
  { name: "oversight of a province", path: () => `/oversight?province=${units.province}`, as: ["admin"] },
  { name: "oversight of one commune", path: () => `/oversight?unit=${units.commune}`, as: ["supervisor"] },
  { name: "petitions behind a figure", path: "/oversight/petitions?figure=overdue", as: ["supervisor", "head"] },
  { name: "petitions behind a figure, by kind", path: () => `/oversight/petitions?unit=${units.commune}&own=1&kind=unclassified`, as: ["supervisor"] },
  { name: "sessions behind a figure", path: "/oversight/sessions?figure=resultsLate", as: ["supervisor", "staff"] },
  { name: "summary report", path: "/oversight/summary", as: ["supervisor", "head"] },
  { name: "commitments behind a figure", path: "/oversight/commitments?figure=commitmentsLate", as: ["supervisor", "head"] },
  { name: "year-end review of the own commune", path: "/oversight/review", as: ["head", "staff"] },
  { name: "year-end review of a commune", path: () => `/oversight/review?unit=${units.commune}&year=2026`, as: ["supervisor"] },
  { name: "year-end review without a commune", path: "/oversight/review", as: ["supervisor"], status: 400 },
  { name: "Open311 keys", path: "/admin/open311", as: ["admin"] },
  { name: "Open311 keys, nothing filled in", path: "/admin/open311", as: ["admin"], form: { name: "", provinceCode: "" }, status: 400 },
  {
    name: "summary report of a commune over a range",
    path: () => `/oversight/summary?unit=${units.commune}&from=2026-01-01&to=2026-12-31`,
    as: ["supervisor"],
  },
  { name: "summary report, days in the wrong order", path: "/oversight/summary?from=2026-03-01&to=2026-01-01", as: ["head"], status: 400 },
];

/** The residents' and the officials' petition pages: every state, every action's form with its errors. */
function petitionPages(): PageCase[] {
  const staffOf = (id: () => string) => () => `/staff/petitions/${id()}`;
  const petition = (state: keyof PetitionStates) => () => states[state].id;
  const code = (state: keyof PetitionStates) => () => states[state].trackingCode;
  const action = (state: keyof PetitionStates, fields: Record<string, string>, as: Who[] = ["head", "staff"], status = 400): PageCase => ({
    name: `${fields.action} on a petition ${state}, ${fields.find ? "search step" : "with errors"}`,
    path: () => `/staff/petitions/${states[state].id}/actions`,
    as,
    form: () => ({ version: String(versions[state] ?? 1), ...fields }),
    status,
  });
  const all: (keyof PetitionStates)[] = [
    "received",
    "classified",
    "accepted",
    "inProgress",
    "answered",
    "answeredLongAgo",
    "resolved",
    "reopened",
    "escalated",
    "returned",
    "transferredOut",
    "filed",
    "duplicate",
    "split",
    "part",
    "denunciation",
    "extended",
    "overdue",
    "anonymous",
  ];
  return [
    { name: "petition form", path: `/petitions/new?form=${FORM_KEY}`, as: ["anonymous"] },
    { name: "petition form, one commune found", path: `/petitions/new?form=${FORM_KEY}&unitq=an+khe`, as: ["anonymous"] },
    { name: "petition form, no commune found", path: `/petitions/new?form=${FORM_KEY}&unitq=khong+co+xa+nay`, as: ["anonymous"] },
    { name: "petition form, already sent", path: `/petitions/new?form=${SENT_FORM_KEY}`, as: ["anonymous"] },
    { name: "petition form, nothing filled in", path: "/petitions/new", as: ["anonymous"], form: { idempotencyKey: FORM_KEY }, status: 400 },
    {
      name: "petition form, wrong phone and citizen ID",
      path: "/petitions/new",
      as: ["anonymous"],
      form: () => ({
        idempotencyKey: FORM_KEY,
        unitCode: units.commune,
        category: "ha-tang",
        title: "Đèn",
        content: "Hỏng",
        name: "Trần Thị E",
        phone: "12345",
        citizenId: "999",
      }),
      status: 400,
    },
    { name: "petition form, search step", path: "/petitions/new", as: ["anonymous"], form: { idempotencyKey: FORM_KEY, find: "unitCode", unitq: "an thai" } },
    { name: "petition sent", path: () => `/petitions/sent/${states.received.trackingCode}`, as: ["anonymous"] },
    { name: "petition sent anonymously", path: () => `/petitions/sent/${states.anonymous.trackingCode}`, as: ["anonymous"] },
    { name: "tracking, a code with a typo", path: "/track?code=abc", as: ["anonymous"], status: 400 },
    { name: "tracking, no such code", path: "/track/ABCDEFGHJKLM", as: ["anonymous"], status: 404 },
    ...all.map((state): PageCase => ({ name: `tracking a petition ${state}`, path: () => `/track/${code(state)()}`, as: ["anonymous"] })),
    { name: "feedback, no choice", path: () => `/track/${states.answered.trackingCode}/feedback`, as: ["anonymous"], form: {}, status: 400 },
    {
      name: "feedback, not satisfied without a reason",
      path: () => `/track/${states.answered.trackingCode}/feedback`,
      as: ["anonymous"],
      form: { satisfied: "false" },
      status: 400,
    },
    { name: "inbox", path: "/staff/petitions", as: ["head", "staff", "supervisor"] },
    {
      name: "inbox, every filter",
      path: "/staff/petitions?q=duong+ngap&status=received&kind=feedback&category=ha-tang&dueWithinDays=3&overdue=true",
      as: ["head", "staff", "supervisor"],
    },
    { name: "inbox, searched by name", path: "/staff/petitions?q=nguyen+thi+binh", as: ["head", "staff"] },
    { name: "inbox, searched by tracking code", path: () => `/staff/petitions?q=${code("received")()}`, as: ["head"] },
    { name: "inbox, nothing found", path: "/staff/petitions?q=khong+co+don+nay", as: ["staff"] },
    { name: "inbox, a petition just transferred away", path: "/staff/petitions?done=moved", as: ["head", "staff"] },
    { name: "inbox, a filter out of range", path: "/staff/petitions?dueWithinDays=-1", as: ["staff"], status: 400 },
    { name: "inbox of one commune", path: () => `/staff/petitions?unit=${units.commune}`, as: ["supervisor"] },
    { name: "inbox, commune searched", path: "/staff/petitions?unitq=an+khe", as: ["supervisor"] },
    { name: "inbox, no commune found", path: "/staff/petitions?unitq=khong+co+xa+nay", as: ["supervisor"] },
    { name: "walk-in form", path: "/staff/petitions/new", as: ["head", "staff"] },
    { name: "walk-in form, nothing filled in", path: "/staff/petitions/new", as: ["staff"], form: { channel: "" }, status: 400 },
    ...all.map((state): PageCase => ({ name: `petition ${state}`, path: staffOf(petition(state)), as: ["head", "staff", "supervisor"] })),
    { name: "petition transferred, at the commune it went to", path: staffOf(petition("transferred")), as: ["supervisor"] },
    { name: "petition, its original searched by code", path: () => `/staff/petitions/${states.duplicate.id}?dupq=${code("received")()}`, as: ["staff"] },
    { name: "petition, its original searched by title", path: () => `/staff/petitions/${states.classified.id}?dupq=duong+ngap`, as: ["staff"] },
    { name: "petition, no original found", path: () => `/staff/petitions/${states.classified.id}?dupq=khong+co`, as: ["staff"] },
    { name: "petition, a commune to transfer to searched", path: () => `/staff/petitions/${states.classified.id}?toq=an+thai`, as: ["staff"] },
    { name: "petition, done", path: () => `/staff/petitions/${states.accepted.id}?done=accept`, as: ["staff"] },
    action("received", { action: "classify", kind: "" }),
    action("classified", { action: "note", text: "" }),
    action("classified", { action: "return", guidance: "" }),
    action("classified", { action: "transfer", reason: "" }),
    action("classified", { action: "transfer", toUnitCode: "", toBody: "", reason: "Thuộc công an." }, ["staff"]),
    action("classified", { action: "file", reason: "" }),
    action("classified", { action: "mark_duplicate", of: "" }),
    action("classified", { action: "split" }),
    action("classified", { action: "assign", accountId: "" }, ["head"]),
    action("accepted", { action: "accept" }, ["staff"], 409),
    action("inProgress", { action: "draft_answer", text: "" }),
    action("inProgress", { action: "answer", text: "" }, ["head"]),
    action("extended", { action: "extend", days: "45", reason: "" }, ["head"]),
    action("answered", { action: "resolve" }, ["staff"], 409),
    action("classified", { action: "transfer", find: "toUnitCode", toq: "an thai" }, ["staff"], 200),
    action("classified", { action: "mark_duplicate", find: "of", dupq: "duong thon" }, ["staff"], 200),
  ];
}

let units: TestUnits;
let states: PetitionStates;
/** Each state's version as last read (a form carries it): an action with a stale one is refused on the page. */
const versions: Partial<Record<keyof PetitionStates, number>> = {};
const accounts = {} as Record<Exclude<Who, "anonymous">, TestAccount>;
let unitCodes: string[] = [];

/** Something of every kind the activity log shows, done the way people do it (the API), or logged as the petition pages log it. */
async function makeActivity() {
  const admin = accounts.admin.token;
  const unitCode = uniqueCode("N");
  await api("POST", "/api/v1/units", { token: admin, body: { code: unitCode, name: "Xã Hoạt Động", level: "commune", parentCode: units.province } });
  await api("POST", "/api/v1/units/import", {
    token: admin,
    rawBody: `code,name,level,parent_code\n${uniqueCode("I")},Xã Nhập Tệp,commune,${units.province}`,
    headers: { "content-type": "text/csv" },
  });
  const created = await api("POST", "/api/v1/accounts", {
    token: admin,
    body: {
      email: `${uniqueCode("a").toLowerCase()}@test.local`,
      name: "Trần Văn Nhật Ký",
      password: "Mat-khau-123",
      role: "commune_staff",
      unitCode: units.commune,
    },
  });
  const { id } = await created.json<{ id: string }>();
  await api("PATCH", `/api/v1/accounts/${id}`, { token: admin, body: { disabled: true } });
  await api("PATCH", `/api/v1/accounts/${id}`, {
    token: admin,
    body: { disabled: false, password: "Mat-khau-456", role: "commune_head", unitCode: units.otherCommune },
  });
  await api("PUT", "/api/v1/holidays/2031-01-01", { token: admin, body: { name: "Tết Dương lịch" } });
  await api("DELETE", "/api/v1/holidays/2031-01-01", { token: admin });
  const submitted = await api("POST", "/api/v1/petitions", {
    body: {
      unitCode: units.commune,
      category: "ha-tang",
      title: "Đường thôn 3 bị ngập sau mưa",
      content: "Đường thôn 3 bị ngập sâu sau mỗi trận mưa lớn.",
      submitter: { name: "Nguyễn Thị Dân", phone: "0912345678" },
      consent: true,
    },
    headers: { "cf-connecting-ip": "10.9.9.9" },
  });
  const petition = await submitted.json<{ id: string }>();
  // What the petition pages and the other admin pages log, in the shapes they log it.
  const log = (action: string, targetType: string, targetId: string, detail?: unknown) =>
    auditStatement(env.DB, { actorId: accounts.head.id, action, targetType, targetId, detail });
  await env.DB.batch([
    log("petition.view_personal_data", "petition", petition.id),
    log("petition.view_photo", "petition", petition.id, { attachmentId: crypto.randomUUID() }),
    log("petition.view_photo", "petition", petition.id, { attachmentId: crypto.randomUUID() }),
    log("petition.view_personal_data", "petition", petition.id),
    auditStatement(env.DB, {
      actorId: accounts.admin.id,
      action: "time_limit.put",
      targetType: "time_limit",
      targetId: `${units.province}/complaint_remote_complex`,
      detail: { days: 60, dayKind: "calendar" },
    }),
    auditStatement(env.DB, { actorId: accounts.admin.id, action: "time_limit.put", targetType: "time_limit", targetId: "*/acknowledge", detail: { days: 10 } }),
    auditStatement(env.DB, { actorId: accounts.admin.id, action: "category.create", targetType: "category", targetId: "ha-tang" }),
    log("petition.export", "unit", units.commune, { format: "xlsx", from: "2026-01-01", to: null, rows: 10, requestId: crypto.randomUUID() }),
    log("notification.view_addresses", "petition", petition.id, { count: 2, status: "failed" }),
    log("notification.view_addresses", "notifications", "*", { count: 5, status: null }),
    auditStatement(env.DB, { actorId: null, action: "job.failed", targetType: "job", targetId: "petitions.mark_overdue", detail: { attempts: 3 } }),
    log("village.create", "village", crypto.randomUUID(), { unitCode: units.commune, name: "Thôn Đông" }),
    log("village.import", "unit", units.commune, { rows: 12 }),
    log("policy.put", "province_policy", `${units.province}/2026-07-01`, { noticeDays: 7 }),
    log("session.book", "dialogue_session", crypto.randomUUID(), { status: "draft", title: "Đối thoại quý 3" }),
    log("session.view_registrations", "dialogue_session", crypto.randomUUID(), { requestId: crypto.randomUUID() }),
    auditStatement(env.DB, {
      actorId: null,
      action: "registration.create",
      targetType: "session_registration",
      targetId: crypto.randomUUID(),
      detail: { sessionId: crypto.randomUUID() },
    }),
    auditStatement(env.DB, { actorId: null, action: "some.future_action", targetType: "other_thing", targetId: crypto.randomUUID() }),
  ]);
}

beforeAll(async () => {
  units = await makeUnits();
  accounts.admin = await makePerson("admin", null);
  accounts.supervisor = await makePerson("supervisor", units.province);
  accounts.head = await makePerson("commune_head", units.commune);
  accounts.staff = await makePerson("commune_staff", units.commune);
  await makeActivity();
  states = await makePetitionStates(units, accounts.head, accounts.staff);
  for (const [state, created] of Object.entries(states)) {
    const version = await env.DB.prepare("SELECT version FROM petitions WHERE id = ?").bind(created.id).first<number>("version");
    versions[state as keyof PetitionStates] = version ?? 1;
  }
  const sent = new FormData();
  for (const [name, value] of Object.entries({
    idempotencyKey: SENT_FORM_KEY,
    unitCode: units.commune,
    category: "ha-tang",
    title: "Cầu tràn bị sạt lở",
    content: "Cầu tràn đầu thôn bị sạt lở một bên sau lũ.",
    name: "Phạm Văn Giang",
    email: "giang.pham@example.vn",
    consent: "on",
  }))
    sent.set(name, value);
  expect((await api("POST", "/petitions/new", { rawBody: sent, headers: { origin: "http://127.0.0.1" } })).status).toBe(303);
  unitCodes = (await env.DB.prepare("SELECT code FROM units").all<{ code: string }>()).results.map((row) => row.code);
});

async function visit(page: PageCase, who: Who, locale: "vi" | "en"): Promise<Response> {
  const cookies = [`lang=${locale}`, ...(who === "anonymous" ? [] : [`sid=${accounts[who].token}`])];
  const headers: Record<string, string> = { accept: "text/html", cookie: cookies.join("; ") };
  const path = typeof page.path === "string" ? page.path : page.path();
  if (!page.form) return api("GET", path, { headers });
  const fields = typeof page.form === "function" ? page.form() : page.form;
  return api("POST", path, {
    rawBody: new URLSearchParams(fields).toString(),
    headers: { ...headers, origin: "http://127.0.0.1", "content-type": "application/x-www-form-urlencoded" },
  });
}

describe("every page speaks people's words", () => {
  for (const page of PAGES) {
    for (const who of page.as) {
      it(`${page.name}, as ${who}`, async () => {
        const response = await visit(page, who, "vi");
        const html = await response.text();
        expect(response.status, html.slice(0, 2000)).toBe(page.status ?? 200);
        expect(html.startsWith("<!DOCTYPE html>"), "standards mode").toBe(true);
        expect(html).toContain('<html lang="vi">');
        const title = html.match(/<title>([\s\S]*?)<\/title>/)?.[1] ?? "";
        expect(title.split("Đối thoại").length - 1, `title "${title}"`).toBe(1);
        const text = visibleText(html);
        expect(rawCodesIn(text, unitCodes), text).toEqual([]);
        expect(otherLanguageIn(text, "en"), text).toEqual([]);
        expect(unmarkedFields(html)).toEqual([]);
      });
    }
  }

  // One test visits every page in turn: about 5 s alone on this machine, more under the full suite's load.
  it("in English too, with no Vietnamese of the interface left", async () => {
    for (const page of PAGES) {
      const who = page.as[page.as.length - 1];
      const response = await visit(page, who, "en");
      const html = await response.text();
      expect(html, page.name).toContain('<html lang="en">');
      const text = visibleText(html);
      // Vietnamese marked as such (the product's name, a law's title) is a quotation, not the page's language.
      expect(otherLanguageIn(visibleText(withoutMarkedVietnamese(html)), "vi"), `${page.name}: ${text}`).toEqual([]);
      expect(rawCodesIn(text, unitCodes, { english: true }), `${page.name}: ${text}`).toEqual([]);
    }
  }, 30_000);
});

/** The page without the parts marked `lang="vi"` (an English page may quote a Vietnamese law by its name). */
const withoutMarkedVietnamese = (html: string) => html.replace(/<(span|a)\b[^>]*\slang="vi"[^>]*>[\s\S]*?<\/\1>/g, " ");

describe("the scanner itself", () => {
  it("finds the raw codes people must never see, and lets plain words, emails and typed codes pass", () => {
    expect(rawCodesIn("Người xử lý: 3f0c1e9a-2b4d-4c1e-9f00-123456789abc")).toEqual(["3f0c1e9a-2b4d-4c1e-9f00-123456789abc"]);
    expect(rawCodesIn("Loại thời hạn complaint_remote_complex")).toEqual(["complaint_remote_complex"]);
    expect(rawCodesIn("Trạng thái: in_progress, vai trò commune_head")).toEqual(["in_progress", "commune_head"]);
    expect(rawCodesIn("Lỗi account.email_taken")).toEqual(["account.email_taken"]);
    expect(rawCodesIn("Đơn vị DEMO-HY-AK")).toEqual(["DEMO-HY-AK"]);
    expect(rawCodesIn("Loại đơn: feedback")).toEqual(["feedback"]);
    expect(rawCodesIn("Xã Pabc123 mới", ["Pabc123"])).toEqual(["Pabc123"]);
    expect(rawCodesIn("Email admin@demo.doithoai.vn, đơn số A3KJ-DF4E-Y9A8, còn 3 ngày làm việc.")).toEqual([]);
    expect(rawCodesIn("Gửi email đến b•••@example.vn")).toEqual([]);
    expect(visibleText("<p>Cột <code>parent_code</code></p>")).toBe("Cột");
    expect(visibleText('<html><head><title>Tên</title></head><body><a aria-label="in_progress">x</a><input type="hidden" value="commune"></body></html>')).toBe(
      "Tên x in_progress",
    );
    // A choice's value is what it sends, never shown; a text box's value is.
    expect(
      visibleText('<label><input type="radio" name="of" value="3f0c1e9a-2b4d-4c1e-9f00-123456789abc"> Đơn gốc</label><input name="q" value="duong ngap">'),
    ).toBe("Đơn gốc duong ngap");
    expect(withoutMarkedVietnamese('<p>Legal basis: <span lang="vi">Luật Tố cáo 2018</span>.</p>')).toBe("<p>Legal basis:  .</p>");
  });
});
