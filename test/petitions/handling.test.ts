import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { localDay } from "../../src/lib/dates";
import { petitionJobs } from "../../src/petitions/jobs";
import { inboxQuery } from "../../src/petitions/store";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";
import { act, actOk, freshIp, SUBMITTER, submit } from "../support/petitions";
import { queryPlan } from "../support/query-plan";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let otherStaff: TestAccount;
let supervisor: TestAccount;
let otherHead: TestAccount;
let foreignSupervisor: TestAccount;
let admin: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  head = await makeAccount("commune_head", units.commune);
  staff = await makeAccount("commune_staff", units.commune);
  otherStaff = await makeAccount("commune_staff", units.commune);
  supervisor = await makeAccount("supervisor", units.province);
  otherHead = await makeAccount("commune_head", units.otherCommune);
  foreignSupervisor = await makeAccount("supervisor", units.otherProvince);
  admin = await makeAccount("admin", null);
});

const detail = (token: string, id: string) => api("GET", `/api/v1/petitions/${id}`, { token });
const track = async (code: string) =>
  (await api("GET", `/api/v1/petitions/track/${code}`, { headers: { "cf-connecting-ip": freshIp() } })).json<Record<string, any>>();
const feedback = (code: string, body: unknown) => api("POST", `/api/v1/petitions/track/${code}/feedback`, { body, headers: { "cf-connecting-ip": freshIp() } });

describe("handling a petition from receipt to resolution", () => {
  it("classify → accept → start → draft → answer (head) → resident confirms", async () => {
    const created = await submit(units.commune);
    await actOk(staff.token, created.id, { action: "classify", kind: "recommendation" });
    const accepted = await actOk(staff.token, created.id, { action: "accept" });
    expect(accepted.status).toBe("accepted");
    expect(accepted.resolveBy).toBeTruthy();
    expect(accepted.dueOn).toBe(accepted.resolveBy);
    await actOk(staff.token, created.id, { action: "start" });
    await actOk(staff.token, created.id, { action: "note", text: "Đã khảo sát hiện trường; cần nạo vét cống." });
    const drafted = await actOk(staff.token, created.id, { action: "draft_answer", text: "UBND xã sẽ nạo vét cống trong tháng này." });
    expect(drafted.draftAnswer).toBe("UBND xã sẽ nạo vét cống trong tháng này.");
    expect(drafted.allowedActions).not.toContain("answer");

    const staffAnswer = await act(staff.token, created.id, { action: "answer", text: "x" });
    expect(staffAnswer.status).toBe(403);

    const answered = await actOk(head.token, created.id, { action: "answer", text: "UBND xã sẽ nạo vét cống trước 30/6." });
    expect(answered.status).toBe("answered");
    const publicView = await track(created.trackingCode);
    expect(publicView.publicAnswer).toBe("UBND xã sẽ nạo vét cống trước 30/6.");
    expect(publicView.canGiveFeedback).toBe(true);
    expect(JSON.stringify(publicView)).not.toContain("khảo sát hiện trường");
    expect(publicView.history.map((entry: { status: string }) => entry.status)).toEqual(["received", "accepted", "in_progress", "answered"]);

    const confirmed = await feedback(created.trackingCode, { satisfied: true });
    expect(confirmed.status).toBe(200);
    expect((await confirmed.json<{ status: string }>()).status).toBe("resolved");
    const row = await env.DB.prepare("SELECT status, feedback_satisfied, closed_at FROM petitions WHERE id = ?").bind(created.id).first();
    expect(row).toMatchObject({ status: "resolved", feedback_satisfied: 1 });
    expect((await feedback(created.trackingCode, { satisfied: true })).status).toBe(409);
  });

  it("a resident reopens an answer with a reason; it returns to the unit's inbox with a new deadline", async () => {
    const created = await submit(units.commune);
    await actOk(staff.token, created.id, { action: "classify", kind: "feedback" });
    await actOk(staff.token, created.id, { action: "accept" });
    await actOk(staff.token, created.id, { action: "start" });
    await actOk(head.token, created.id, { action: "answer", text: "Đã sửa xong." });
    const noReason = await feedback(created.trackingCode, { satisfied: false });
    expect((await problemOf(noReason)).errors?.[0].path).toBe("comment");
    const reopened = await feedback(created.trackingCode, { satisfied: false, comment: "Đường vẫn ngập sau trận mưa hôm qua." });
    expect((await reopened.json<{ status: string }>()).status).toBe("reopened");
    const inbox = await (await api("GET", "/api/v1/petitions?status=reopened", { token: staff.token })).json<{ items: { id: string; dueOn: string }[] }>();
    expect(inbox.items.map((item) => item.id)).toContain(created.id);
    expect(inbox.items.find((item) => item.id === created.id)?.dueOn).toBeTruthy();
    const again = await actOk(staff.token, created.id, { action: "start" });
    expect(again.status).toBe("in_progress");
  });

  it("refuses accept before classification, with the allowed actions", async () => {
    const created = await submit(units.commune);
    const response = await act(staff.token, created.id, { action: "accept" });
    expect(response.status).toBe(409);
    const problem = await problemOf(response);
    expect(problem.allowedActions).toEqual(expect.arrayContaining(["classify", "return", "transfer", "file"]));
    expect(problem.allowedActions).not.toContain("accept");
  });

  it("returns with guidance shown publicly, files without a public reason", async () => {
    const returned = await submit(units.commune);
    await actOk(staff.token, returned.id, { action: "return", guidance: "Đề nghị gửi đơn đến Tòa án nhân dân khu vực." });
    expect((await track(returned.trackingCode)).publicNote).toBe("Đề nghị gửi đơn đến Tòa án nhân dân khu vực.");
    const filed = await submit(units.commune);
    await actOk(staff.token, filed.id, { action: "file", reason: "Đơn không có nội dung cụ thể (nội bộ)" });
    const filedView = await track(filed.trackingCode);
    expect(filedView.status).toBe("filed");
    expect(JSON.stringify(filedView)).not.toContain("nội bộ");
  });

  it("reclassifying an accepted petition updates the public resolve-by date", async () => {
    const created = await submit(units.commune);
    await actOk(staff.token, created.id, { action: "classify", kind: "recommendation" });
    await actOk(staff.token, created.id, { action: "accept" });
    const before = (await track(created.trackingCode)).resolveBy;
    const reclassified = await actOk(staff.token, created.id, { action: "classify", kind: "complaint", complex: true, remoteArea: true });
    expect(reclassified.resolveBy).not.toBe(before);
    expect((await track(created.trackingCode)).resolveBy).toBe(reclassified.resolveBy);
  });

  it("transfers to another unit's inbox with a new acknowledge-by", async () => {
    const created = await submit(units.commune);
    await actOk(staff.token, created.id, { action: "transfer", toUnitCode: units.otherProvinceCommune, reason: "Thuộc thẩm quyền xã Tiến Đức" });
    expect((await detail(staff.token, created.id)).status).toBe(404);
    const receiver = await makeAccount("commune_staff", units.otherProvinceCommune);
    const inbox = await (await api("GET", "/api/v1/petitions", { token: receiver.token })).json<{ items: { id: string; status: string }[] }>();
    expect(inbox.items).toContainEqual(expect.objectContaining({ id: created.id, status: "transferred" }));
    const row = await env.DB.prepare("SELECT unit_code, province_code, received_unit_code FROM petitions WHERE id = ?").bind(created.id).first();
    expect(row).toEqual({ unit_code: units.otherProvinceCommune, province_code: units.otherProvince, received_unit_code: units.commune });
    expect((await act(staff.token, created.id, { action: "transfer", toUnitCode: "NOSUCH", reason: "x" })).status).toBe(404);
  });

  it("marks a duplicate of a petition of the same unit only", async () => {
    const original = await submit(units.commune);
    const copy = await submit(units.commune);
    const foreign = await submit(units.otherCommune);
    expect((await problemOf(await act(staff.token, copy.id, { action: "mark_duplicate", of: foreign.id }))).errors?.[0].path).toBe("of");
    expect((await problemOf(await act(staff.token, copy.id, { action: "mark_duplicate", of: "not a code" }))).errors?.[0].path).toBe("of");
    // `of` is the other petition's id or its tracking code, typed as people do (any case, with dashes).
    const byCode = original.trackingCode.toLowerCase().replace(/(.{4})(?=.)/g, "$1-");
    const marked = await actOk(staff.token, copy.id, { action: "mark_duplicate", of: byCode });
    expect(marked).toMatchObject({ status: "duplicate", duplicateOf: original.id });
    const again = await submit(units.commune);
    expect(await actOk(staff.token, again.id, { action: "mark_duplicate", of: original.id })).toMatchObject({ duplicateOf: original.id });
  });

  it("extends an especially complex denunciation at most twice, each by at most 30 days; never other kinds", async () => {
    const created = await submit(units.commune, { kind: "denunciation" });
    await actOk(staff.token, created.id, { action: "classify", kind: "denunciation", complexity: "especially_complex" });
    const accepted = await actOk(staff.token, created.id, { action: "accept" });
    const first = await actOk(head.token, created.id, { action: "extend", days: 30, reason: "Vụ việc phức tạp" });
    expect((first.resolveBy as string) > (accepted.resolveBy as string)).toBe(true);
    expect((await act(head.token, created.id, { action: "extend", days: 31, reason: "x" })).status).toBe(400);
    await actOk(head.token, created.id, { action: "extend", days: 30, reason: "Đặc biệt phức tạp" });
    const third = await act(head.token, created.id, { action: "extend", days: 10, reason: "x" });
    expect(third.status).toBe(409);
    const other = await submit(units.commune);
    await actOk(staff.token, other.id, { action: "classify", kind: "complaint" });
    await actOk(staff.token, other.id, { action: "accept" });
    expect((await act(head.token, other.id, { action: "extend", days: 10, reason: "x" })).status).toBe(409);
  });
});

describe("who may see and do what", () => {
  it("another commune's official and another province's supervisor get 404; the admin 403", async () => {
    const created = await submit(units.commune);
    expect((await detail(otherHead.token, created.id)).status).toBe(404);
    expect((await act(otherHead.token, created.id, { action: "note", text: "x" })).status).toBe(404);
    expect((await detail(foreignSupervisor.token, created.id)).status).toBe(404);
    expect((await detail(admin.token, created.id)).status).toBe(403);
    expect((await api("GET", `/api/v1/petitions?unit=${units.otherCommune}`, { token: head.token })).status).toBe(404);
  });

  it("a supervisor of the province reads everything, identity included, and acts on nothing", async () => {
    const created = await submit(units.commune);
    const response = await detail(supervisor.token, created.id);
    expect(response.status).toBe(200);
    expect((await response.json<{ submitter: { name: string } }>()).submitter.name).toBe(SUBMITTER.name);
    expect((await act(supervisor.token, created.id, { action: "note", text: "x" })).status).toBe(403);
    const inbox = await (await api("GET", `/api/v1/petitions?unit=${units.commune}`, { token: supervisor.token })).json<{ items: { id: string }[] }>();
    expect(inbox.items.map((item) => item.id)).toContain(created.id);
  });

  it("a denunciation's identity: head, assignee and supervisors only; every view logged", async () => {
    const created = await submit(units.commune, { kind: "denunciation" });
    await actOk(staff.token, created.id, { action: "classify", kind: "denunciation" });
    const hidden = await (await detail(staff.token, created.id)).json<{ submitter: unknown; submitterHidden: boolean }>();
    expect(hidden).toMatchObject({ submitter: null, submitterHidden: true });
    expect(JSON.stringify(hidden)).not.toContain(SUBMITTER.phone);
    const asHead = await (await detail(head.token, created.id)).json<{ submitter: { phone: string } }>();
    expect(asHead.submitter.phone).toBe(SUBMITTER.phone);
    expect((await act(staff.token, created.id, { action: "assign", accountId: staff.id })).status).toBe(403);
    await actOk(head.token, created.id, { action: "assign", accountId: staff.id });
    const assigned = await (await detail(staff.token, created.id)).json<{ submitter: { citizenId: string } }>();
    expect(assigned.submitter.citizenId).toBe(SUBMITTER.citizenId);
    expect((await (await detail(otherStaff.token, created.id)).json<{ submitter: unknown }>()).submitter).toBeNull();

    // The head's detail view, the head's assign response (it carries the petition), then the assignee. A read's
    // entry is written after its answer (waitUntil), so the order of the entries is not the order of the views.
    const views = await vi.waitFor(async () => {
      const log = await env.DB.prepare("SELECT actor_id FROM audit_log WHERE action = 'petition.view_personal_data' AND target_id = ?")
        .bind(created.id)
        .all<{ actor_id: string }>();
      expect(log.results).toHaveLength(3);
      return log.results.map((row) => row.actor_id);
    });
    expect(views.sort()).toEqual([head.id, head.id, staff.id].sort());
    const forAdmin = await (await api("GET", `/api/v1/audit?targetId=${created.id}&action=petition.view_personal_data`, { token: admin.token })).json<{
      items: { actorEmail: string }[];
    }>();
    expect(forAdmin.items.map((item) => item.actorEmail).sort()).toEqual([staff.email, head.email, head.email].sort());
    expect((await api("GET", "/api/v1/audit", { token: head.token })).status).toBe(403);
  });

  it("assigns only to active officials of the same unit", async () => {
    const created = await submit(units.commune);
    expect((await problemOf(await act(head.token, created.id, { action: "assign", accountId: otherHead.id }))).errors?.[0].path).toBe("accountId");
  });
});

describe("concurrency and history", () => {
  it("a stale version is 409 with the current version and allowed actions", async () => {
    const created = await submit(units.commune);
    await actOk(staff.token, created.id, { action: "note", text: "một", version: 1 });
    const stale = await act(head.token, created.id, { action: "note", text: "hai", version: 1 });
    expect(stale.status).toBe(409);
    expect(await problemOf(stale)).toMatchObject({ status: 409, version: 2, petitionStatus: "received" });
  });

  it("20 parallel actions on one petition: exactly one wins, one history entry", async () => {
    const created = await submit(units.commune);
    await actOk(staff.token, created.id, { action: "classify", kind: "feedback", version: 1 });
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        act(
          index % 2 ? staff.token : head.token,
          created.id,
          index % 3 ? { action: "accept", version: 2 } : { action: "file", reason: `lý do ${index}`, version: 2 },
        ),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const events = await env.DB.prepare("SELECT action FROM petition_events WHERE petition_id = ? AND action IN ('accept', 'file')").bind(created.id).all();
    expect(events.results).toHaveLength(1);
    const row = await env.DB.prepare("SELECT version FROM petitions WHERE id = ?").bind(created.id).first<{ version: number }>();
    expect(row?.version).toBe(3);
  });

  it("history is append-only in the database itself", async () => {
    const created = await submit(units.commune);
    await expect(env.DB.prepare("UPDATE petition_events SET note = 'sửa' WHERE petition_id = ?").bind(created.id).run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("DELETE FROM petition_events WHERE petition_id = ?").bind(created.id).run()).rejects.toThrow(/append-only/);
  });

  it("bad action input is 400 and changes nothing", async () => {
    const created = await submit(units.commune);
    for (const body of [{ action: "teleport" }, { action: "return" }, { action: "extend", days: "ten", reason: "x" }, { action: "note", text: "" }]) {
      expect((await act(staff.token, created.id, body)).status).toBe(400);
    }
    const row = await env.DB.prepare("SELECT version, status FROM petitions WHERE id = ?").bind(created.id).first();
    expect(row).toEqual({ version: 1, status: "received" });
  });
});

describe("the inbox", () => {
  it("filters by status, kind, category and folded text, sorted by due date, with keyset pages", async () => {
    const unit = (await makeUnits()).commune;
    const official = await makeAccount("commune_staff", unit);
    const flooded = await submit(unit, { title: "Đường ngập ở thôn Đông", category: "ha-tang" });
    const noise = await submit(unit, { title: "Tiếng ồn karaoke ban đêm", content: "Karaoke hát đến 1 giờ sáng mỗi ngày cuối tuần.", category: "moi-truong" });
    await actOk(official.token, noise.id, { action: "classify", kind: "feedback" });
    const list = async (query: string) =>
      await (await api("GET", `/api/v1/petitions${query}`, { token: official.token })).json<{ items: { id: string }[]; nextCursor: string | null }>();
    expect((await list("?q=duong%20ngap")).items.map((item) => item.id)).toEqual([flooded.id]);
    expect((await list("?category=moi-truong")).items.map((item) => item.id)).toEqual([noise.id]);
    expect((await list("?kind=feedback")).items.map((item) => item.id)).toEqual([noise.id]);
    expect((await list("?status=received")).items).toHaveLength(2);
    const first = await list("?limit=1");
    const second = await list(`?limit=1&cursor=${first.nextCursor}`);
    expect(new Set([...first.items, ...second.items].map((item) => item.id))).toEqual(new Set([flooded.id, noise.id]));
    expect(second.nextCursor).toBeNull();
    expect((await list("?overdue=true")).items).toEqual([]);
    expect((await list("?dueWithinDays=30")).items).toHaveLength(2);
  });

  it("shows overdue and due-soon badges; the cron records a missed deadline once", async () => {
    const unit = (await makeUnits()).commune;
    const official = await makeAccount("commune_staff", unit);
    const late = await submit(unit);
    // Let the submission's snapshot (written after its answer) land before changing the row behind the app's back.
    await vi.waitFor(async () => expect(await env.KV.get(`track:${late.trackingCode}`)).not.toBeNull());
    await env.DB.prepare("UPDATE petitions SET due_on = '2026-01-05', acknowledge_by = '2026-01-05' WHERE id = ?").bind(late.id).run();
    await env.KV.delete(`track:${late.trackingCode}`);
    const beforeSweep = await track(late.trackingCode);
    expect(beforeSweep.history).toHaveLength(1);
    const overdue = await (await api("GET", "/api/v1/petitions?overdue=true", { token: official.token })).json<{ items: { id: string; overdue: boolean }[] }>();
    expect(overdue.items).toEqual([expect.objectContaining({ id: late.id, overdue: true })]);
    const [overdueJob] = petitionJobs;
    expect(overdueJob.name).toBe("petitions.overdue");
    const first = await overdueJob.run(env, new Date());
    expect(first.newlyOverdue).toBeGreaterThanOrEqual(1);
    await overdueJob.run(env, new Date());
    const events = await env.DB.prepare("SELECT action, public FROM petition_events WHERE petition_id = ? AND action = 'overdue'").bind(late.id).all();
    expect(events.results).toEqual([{ action: "overdue", public: 1 }]);
    // The cached snapshot predates the sweep; tracking sees its deadline passed and rebuilds it.
    const view = await track(late.trackingCode);
    expect(view.acknowledgeBy).toBe("2026-01-05");
    expect(view.history).toContainEqual(expect.objectContaining({ overdue: true }));
  });

  it("refuses filters it cannot index and bad values with 400", async () => {
    expect((await api("GET", "/api/v1/petitions?status=lost", { token: staff.token })).status).toBe(400);
    expect((await api("GET", "/api/v1/petitions?dueWithinDays=-1", { token: staff.token })).status).toBe(400);
    expect((await api("GET", "/api/v1/petitions?cursor=zzz", { token: staff.token })).status).toBe(400);
    expect((await api("GET", "/api/v1/petitions")).status).toBe(401);
    expect((await api("GET", "/api/v1/petitions", { token: admin.token })).status).toBe(403);
  });

  it.each([
    [{ unitCode: "U" }, {}, "petitions_by_unit_due"],
    [{ unitCode: "U" }, { status: "received" as const }, "petitions_by_unit_status_due"],
    [{ unitCode: "U" }, { kind: "complaint" as const }, "petitions_by_unit_kind_due"],
    [{ unitCode: "U" }, { category: "ha-tang" }, "petitions_by_unit_category_due"],
    [{ unitCode: "U" }, { overdue: true, q: "duong" }, "petitions_by_unit_due"],
    [{ provinceCode: "P" }, {}, "petitions_by_province_due"],
    [{ provinceCode: "P" }, { status: "answered" as const }, "petitions_by_province_status_due"],
  ])("EXPLAIN QUERY PLAN of the inbox %o %o uses %s without a sort step", async (scope, filter, index) => {
    const details = await queryPlan(inboxQuery(scope, filter, localDay(), 50, ["2026-01-01", "a"]));
    expect(details).toContain(`USING INDEX ${index}`);
    expect(details).not.toContain("TEMP B-TREE");
  });
});

describe("the dashboard figures", () => {
  it("count new, overdue, due-soon and answered petitions of the unit, from an index", async () => {
    const scope = await makeUnits();
    const official = await makeAccount("commune_staff", scope.commune);
    const chief = await makeAccount("commune_head", scope.commune);
    await submit(scope.commune); // new, due in ten working days
    const late = await submit(scope.commune);
    await env.DB.prepare("UPDATE petitions SET due_on = '2026-01-05' WHERE id = ?").bind(late.id).run();
    const answered = await submit(scope.commune, { kind: "feedback" });
    await actOk(official.token, answered.id, { action: "accept", version: 1 });
    await actOk(official.token, answered.id, { action: "start" });
    await actOk(chief.token, answered.id, { action: "answer", text: "Đã xử lý." });
    const { countInbox } = await import("../../src/petitions/store");
    const counts = await countInbox(env.DB, { unitCode: scope.commune }, localDay(), 20);
    expect(counts).toEqual({ received: 2, overdue: 1, dueSoon: 1, awaitingResident: 1, open: 2 });
    const page = await (await api("GET", "/dashboard", { headers: { cookie: `sid=${official.token}` } })).text();
    expect(page).toMatch(/<strong>1<\/strong> đơn quá hạn/);
    const plan = await env.DB.prepare("EXPLAIN QUERY PLAN SELECT count(*) FILTER (WHERE status = 'answered') FROM petitions WHERE unit_code = ?")
      .bind(scope.commune)
      .all<{ detail: string }>();
    expect(plan.results.map((row) => row.detail).join(" ")).toMatch(/USING COVERING INDEX petitions_by_unit_(status_)?due/);
  });
});
