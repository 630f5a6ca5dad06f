/**
 * The petition rules of the law, through the API (issue 8, items 4 and 6–10): acknowledgement by kind and its
 * recomputation, complexity and extensions, anonymous denunciations, disagreement (escalation, reopening, the
 * feedback window), splitting mixed letters, transfers (to a commune or an outside body, letter numbers) and the
 * response shapes API.md fixes.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { addWorkingDays } from "../../src/holidays/rules";
import { loadCalendar } from "../../src/holidays/store";
import { localDay } from "../../src/lib/dates";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";
import { act, actOk, freshIp, SUBMITTER, submit } from "../support/petitions";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let supervisor: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  head = await makeAccount("commune_head", units.commune);
  staff = await makeAccount("commune_staff", units.commune);
  supervisor = await makeAccount("supervisor", units.province);
});

type Detail = Record<string, any>;
const detail = async (token: string, id: string) => (await api("GET", `/api/v1/petitions/${id}`, { token })).json<Detail>();
const track = async (code: string) => (await api("GET", `/api/v1/petitions/track/${code}`, { headers: { "cf-connecting-ip": freshIp() } })).json<Detail>();
const feedback = (code: string, body: unknown) => api("POST", `/api/v1/petitions/track/${code}/feedback`, { body, headers: { "cf-connecting-ip": freshIp() } });

/** A petition of `kind`, accepted, started and answered by the head. */
async function answered(kind: string, overrides: Record<string, unknown> = {}) {
  const created = await submit(units.commune, { kind, ...overrides });
  await actOk(staff.token, created.id, { action: "accept" });
  await actOk(staff.token, created.id, { action: "start" });
  await actOk(head.token, created.id, { action: "answer", text: "UBND xã đã giải quyết." });
  return created;
}

describe("acknowledgement follows the kind (item 4)", () => {
  it("the resident's label sets it at submission; classification recomputes it from receipt, with a history entry", async () => {
    const today = localDay();
    const calendar = await loadCalendar(env.DB, today, "2100-01-01");
    const mixed = await submit(units.commune, { kind: "mixed" });
    expect(mixed.kind).toBe("mixed");
    // A mixed letter may hold a denunciation: the earliest period, 7 working days.
    expect(mixed.acknowledgeBy).toBe(addWorkingDays(today, 7, calendar));
    const classified = await actOk(staff.token, mixed.id, { action: "classify", kind: "recommendation" });
    expect(classified).toMatchObject({ kind: "recommendation", residentKind: "mixed", acknowledgeBy: addWorkingDays(today, 10, calendar) });
    const entry = (classified.history as Detail[]).find((item) => item.action === "classify");
    expect(entry?.note).toBe(`recommendation · normal · ${addWorkingDays(today, 10, calendar)}`);
    expect((await track(mixed.trackingCode)).acknowledgeBy).toBe(addWorkingDays(today, 10, calendar));
    // `mixed` is only a label: officials classify as one of four kinds, or split.
    const refused = await act(staff.token, mixed.id, { action: "classify", kind: "mixed" });
    expect((await problemOf(refused)).errors).toMatchObject([{ path: "kind", code: "petition.classify_as_one_kind" }]);
  });
});

describe("denunciations (item 6)", () => {
  it("complexity sets the extensions: none when normal, one when complex (`complex: true` still read), two when especially complex", async () => {
    const normal = await submit(units.commune, { kind: "denunciation" });
    await actOk(staff.token, normal.id, { action: "accept" });
    const none = await act(head.token, normal.id, { action: "extend", days: 30, reason: "Cần thêm thời gian" });
    expect(none.status).toBe(409);
    expect((await problemOf(none)).code).toBe("petition.extension_needs_complexity");

    const complex = await submit(units.commune, { kind: "denunciation" });
    expect((await actOk(staff.token, complex.id, { action: "classify", kind: "denunciation", complex: true })).complexity).toBe("complex");
    const accepted = await actOk(staff.token, complex.id, { action: "accept" });
    expect(accepted.maxExtensions).toBe(1);
    const once = await actOk(head.token, complex.id, { action: "extend", days: 30, reason: "Vụ việc phức tạp" });
    expect(once.resolution).toMatchObject({ days: 60, dayKind: "calendar" });
    const twice = await act(head.token, complex.id, { action: "extend", days: 10, reason: "Thêm" });
    expect(await problemOf(twice)).toMatchObject({ status: 409, code: "petition.extended_max" });
  });

  it("an anonymous denunciation cannot be accepted as one (409 denunciation.anonymous); it can be noted for inspection or filed", async () => {
    const created = await submit(units.commune, { kind: "feedback", anonymous: true, submitter: {} });
    await actOk(staff.token, created.id, { action: "classify", kind: "denunciation" });
    const refused = await act(staff.token, created.id, { action: "accept" });
    const problem = await problemOf(refused);
    expect(problem).toMatchObject({ status: 409, code: "denunciation.anonymous" });
    expect(problem.allowedActions).toEqual(expect.arrayContaining(["file", "note"]));
    await actOk(staff.token, created.id, { action: "note", text: "Nội dung rõ, chuyển thanh tra kiểm tra theo thẩm quyền." });
    expect((await actOk(staff.token, created.id, { action: "file", reason: "Tố cáo ẩn danh" })).status).toBe("filed");
  });
});

describe("disagreement (item 7)", () => {
  it("a complaint's resident not satisfied: escalated, final here; the tracking page says where the second round is", async () => {
    const created = await answered("complaint");
    const response = await feedback(created.trackingCode, { satisfied: false, comment: "Tôi không đồng ý với quyết định." });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "escalated", canGiveFeedback: false });
    expect((await detail(staff.token, created.id)).allowedActions).toEqual(["note"]);
    expect((await feedback(created.trackingCode, { satisfied: true })).status).toBe(409);
    const page = await (await api("GET", `/track/${created.trackingCode}`, { headers: { "cf-connecting-ip": freshIp() } })).text();
    expect(page).toContain("khiếu nại lần hai đến Chủ tịch UBND tỉnh");
    expect(page).toContain("Tòa án");
  });

  it("a denunciation is escalated too; feedback and recommendations are reopened", async () => {
    const denunciation = await answered("denunciation");
    expect((await (await feedback(denunciation.trackingCode, { satisfied: false, comment: "Chưa xử lý đúng." })).json<Detail>()).status).toBe("escalated");
    const recommendation = await answered("recommendation");
    expect((await (await feedback(recommendation.trackingCode, { satisfied: false, comment: "Vẫn chưa sửa." })).json<Detail>()).status).toBe("reopened");
  });

  it("officials resolve only after the feedback window (10 working days), unless the resident confirmed", async () => {
    const created = await answered("feedback");
    const today = localDay();
    const until = addWorkingDays(today, 10, await loadCalendar(env.DB, today, "2100-01-01"));
    const view = await detail(staff.token, created.id);
    expect(view.feedbackUntil).toBe(until);
    expect(view.allowedActions).not.toContain("resolve");
    const early = await act(staff.token, created.id, { action: "resolve" });
    expect(await problemOf(early)).toMatchObject({ status: 409, code: "petition.feedback_window_open" });
    // Answered three weeks ago: the window has passed without an answer.
    await env.DB.prepare("UPDATE petitions SET answered_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 30 * 86_400_000).toISOString(), created.id)
      .run();
    expect((await actOk(staff.token, created.id, { action: "resolve" })).status).toBe("resolved");
    const confirmed = await answered("feedback");
    expect((await (await feedback(confirmed.trackingCode, { satisfied: true })).json<Detail>()).status).toBe("resolved");
  });

  it("the window is the province policy's feedbackWindowWorkingDays in force on the day of the answer", async () => {
    const province = await makeUnits();
    const admin = await makeAccount("admin", null);
    const official = await makeAccount("commune_staff", province.commune);
    const chief = await makeAccount("commune_head", province.commune);
    const today = localDay();
    const policy = {
      effectiveFrom: "2026-01-01",
      minSessionsPerYear: 1,
      noticeDays: 7,
      resultsDays: 10,
      feedbackWindowWorkingDays: 3,
      reportPeriods: "cutoff",
      personalDataRetentionMonths: 12,
    };
    expect((await api("PUT", `/api/v1/policies/${province.province}`, { token: admin.token, body: policy })).status).toBeLessThan(300);
    const created = await submit(province.commune, { kind: "feedback" });
    await actOk(official.token, created.id, { action: "accept" });
    await actOk(official.token, created.id, { action: "start" });
    const view = await actOk(chief.token, created.id, { action: "answer", text: "Đã xử lý." });
    expect(view.feedbackUntil).toBe(addWorkingDays(today, 3, await loadCalendar(env.DB, today, "2100-01-01")));
  });
});

describe("mixed letters are split (item 8)", () => {
  it("one petition per kind, each with its own tracking code, deadline and the same submitter; the letter's tracking lists them", async () => {
    const letter = await submit(units.commune, { kind: "mixed" });
    const response = await act(staff.token, letter.id, {
      action: "split",
      parts: [
        { kind: "complaint", title: "Khiếu nại quyết định thu hồi đất", content: "Khiếu nại quyết định thu hồi đất số 12 của UBND xã." },
        { kind: "feedback", title: "Phản ánh đường liên thôn hỏng", content: "Đường liên thôn hỏng nặng, xe không đi được." },
      ],
    });
    expect(response.status).toBe(200);
    const split = await response.json<Detail>();
    expect(split).toMatchObject({ status: "split", dueOn: null });
    expect(split.parts).toHaveLength(2);
    const codes = split.parts.map((part: Detail) => part.trackingCode);
    expect(new Set([...codes, letter.trackingCode]).size).toBe(3);
    for (const part of split.parts as Detail[]) {
      const partView = await detail(staff.token, part.id);
      expect(partView).toMatchObject({
        status: "received",
        splitFrom: letter.id,
        residentKind: "mixed",
        submitter: { name: SUBMITTER.name, phone: SUBMITTER.phone },
      });
      expect(partView.kind).toBe(part.kind);
      expect(partView.history.map((entry: Detail) => entry.action)).toEqual(["split_part"]);
    }
    const complaint = split.parts.find((part: Detail) => part.kind === "complaint");
    // Received today (after 1/7/2026): a complaint's acknowledgement is 7 working days (the provisional rule).
    expect((await detail(staff.token, complaint.id)).acknowledgement).toEqual({ from: localDay(), days: 7, dayKind: "working" });
    const tracked = await track(letter.trackingCode);
    expect(tracked.status).toBe("split");
    expect(tracked.parts).toEqual(
      expect.arrayContaining(split.parts.map((part: Detail) => ({ trackingCode: part.trackingCode, kind: part.kind, status: "received" }))),
    );
    expect((await track(complaint.trackingCode)).status).toBe("received");
  });

  it("if a part is a denunciation, every part keeps the denouncer's protection", async () => {
    const letter = await submit(units.commune, { kind: "mixed" });
    const split = await actOk(head.token, letter.id, {
      action: "split",
      parts: [
        { kind: "denunciation", title: "Tố cáo cán bộ địa chính", content: "Tố cáo cán bộ địa chính nhận tiền của người dân." },
        { kind: "recommendation", title: "Kiến nghị làm đường", content: "Kiến nghị làm lại đường ra đồng." },
      ],
    });
    for (const part of [...(split.parts as Detail[]), { id: letter.id }]) {
      const asStaff = await detail(staff.token, part.id);
      expect(asStaff).toMatchObject({ identityProtected: true, submitter: null, submitterHidden: true });
      expect((await detail(head.token, part.id)).submitter?.name).toBe(SUBMITTER.name);
    }
  });

  it("refuses two parts of one kind, a single part, and a split that lost a race makes no parts", async () => {
    const letter = await submit(units.commune, { kind: "mixed" });
    const part = { kind: "feedback", title: "Phản ánh rác thải", content: "Rác thải không được thu gom ba tuần nay." };
    expect((await problemOf(await act(staff.token, letter.id, { action: "split", parts: [part, part] }))).errors?.[0].path).toBe("parts");
    expect((await act(staff.token, letter.id, { action: "split", parts: [part] })).status).toBe(400);
    const parts = [part, { ...part, kind: "complaint" }];
    const [first, second] = await Promise.all([
      act(staff.token, letter.id, { action: "split", version: 1, parts }),
      act(head.token, letter.id, { action: "split", version: 1, parts }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const made = await env.DB.prepare("SELECT count(*) AS n FROM petitions WHERE split_from = ?").bind(letter.id).first("n");
    expect(made).toBe(2);
  });
});

describe("transfers (item 9)", () => {
  it("to an outside body by name: finished here, with its letter number, which the page shows", async () => {
    const created = await submit(units.commune, { kind: "denunciation" });
    const moved = await actOk(staff.token, created.id, {
      action: "transfer",
      toBody: "Công an tỉnh",
      reason: "Có dấu hiệu tội phạm",
      letterNumber: "15/UBND-TD",
    });
    expect(moved).toMatchObject({ status: "transferred", toBody: "Công an tỉnh", letterNumber: "15/UBND-TD", dueOn: null, unit: { code: units.commune } });
    expect(moved.allowedActions).toEqual(["note"]);
    expect((await act(staff.token, created.id, { action: "accept" })).status).toBe(409);
    const page = await (await api("GET", `/staff/petitions/${created.id}`, { headers: { cookie: `sid=${head.token}` } })).text();
    expect(page).toContain("Công an tỉnh");
    expect(page).toContain("15/UBND-TD");
    const inbox = await (await api("GET", "/api/v1/petitions?status=transferred", { token: staff.token })).json<{
      items: { id: string; dueOn: string | null }[];
    }>();
    expect(inbox.items.find((item) => item.id === created.id)?.dueOn).toBeNull();
  });

  it("guidance letters carry their number too; a transfer names one destination", async () => {
    const created = await submit(units.commune, { kind: "recommendation" });
    expect(await actOk(staff.token, created.id, { action: "return", guidance: "Gửi đến Sở Xây dựng.", letterNumber: "07/HD-UBND" })).toMatchObject({
      status: "returned",
      letterNumber: "07/HD-UBND",
    });
    const other = await submit(units.commune);
    const both = await act(staff.token, other.id, { action: "transfer", toUnitCode: units.otherCommune, toBody: "Sở Xây dựng", reason: "x" });
    expect((await problemOf(both)).errors?.[0]).toMatchObject({ path: "toUnitCode", code: "petition.transfer_one_destination" });
    expect((await act(staff.token, other.id, { action: "transfer", reason: "x" })).status).toBe(400);
  });
});

describe("responses as API.md fixes them (item 10)", () => {
  it("people and units by name: assignee, history's officials, the handling and receiving units, in the petition and the inbox", async () => {
    const created = await submit(units.commune, { kind: "feedback" });
    await actOk(head.token, created.id, { action: "assign", accountId: staff.id });
    const view = await actOk(staff.token, created.id, { action: "note", text: "Đã liên hệ." });
    expect(view.assignee).toEqual({ id: staff.id, name: "Cán bộ commune_staff" });
    expect(view.unit).toEqual({ code: units.commune, name: "Xã An Khê" });
    expect(view.receivedUnit).toEqual({ code: units.commune, name: "Xã An Khê" });
    const history = view.history as Detail[];
    expect(history.find((entry) => entry.action === "assign")).toMatchObject({
      by: { id: head.id, name: "Cán bộ commune_head", role: "commune_head" },
      note: "Cán bộ commune_staff",
    });
    expect(history.find((entry) => entry.action === "submit")).toMatchObject({ by: null, actorKind: "resident" });
    expect(JSON.stringify(view)).not.toContain('"assignedTo"');
    expect(JSON.stringify(view)).not.toContain('"actorId"');
    expect((view.notes as Detail[])[0]).toMatchObject({ by: { id: staff.id, name: "Cán bộ commune_staff" }, text: "Đã liên hệ." });
    const inbox = await (await api("GET", `/api/v1/petitions?unit=${units.commune}`, { token: supervisor.token })).json<{ items: Detail[] }>();
    expect(inbox.items.find((item) => item.id === created.id)).toMatchObject({
      unit: { code: units.commune, name: "Xã An Khê" },
      assignee: { id: staff.id, name: "Cán bộ commune_staff" },
    });
  });

  it("the OpenAPI document describes the petition, its actions and the tracking parts", async () => {
    const document = await (await api("GET", "/openapi.json")).json<Detail>();
    const detailSchema = document.paths["/api/v1/petitions/{id}"].get.responses["200"].content["application/json"].schema;
    expect(detailSchema.properties.assignee).toBeDefined();
    expect(detailSchema.properties.history.items.properties.by).toBeDefined();
    const actions = JSON.stringify(document.paths["/api/v1/petitions/{id}/actions"].post.requestBody);
    for (const word of ["split", "toBody", "letterNumber", "complexity", "needsVerification", '"of"']) expect(actions).toContain(word);
    const tracking = document.paths["/api/v1/petitions/track/{trackingCode}"].get.responses["200"].content["application/json"].schema;
    expect(tracking.properties.parts).toBeDefined();
    const created = document.paths["/api/v1/petitions"].post.responses["201"].content["application/json"].schema;
    expect(created.properties.kind).toBeDefined();
  });
});
