/**
 * Commitments as a resource: public once the results are out, progress by the unit's officials, lateness flagged
 * once by the daily job; and the end of registrants' personal data.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { erasePersonalData, markLateCommitments } from "../../src/commitments/workflow";
import { dailyJobs } from "../../src/scheduled";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";
import { minutesBody, putMinutesOk, sessionUnderWay, threeOpinions, uniqueTitle } from "../support/minutes";
import { roundTripsOf } from "../support/round-trips";
import { actOk, freshIp, heldSession, registerFor } from "../support/sessions";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let supervisor: TestAccount;
let otherHead: TestAccount;
let foreignSupervisor: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  [head, staff, supervisor, otherHead, foreignSupervisor] = await Promise.all([
    makeAccount("commune_head", units.commune),
    makeAccount("commune_staff", units.commune),
    makeAccount("supervisor", units.province),
    makeAccount("commune_head", units.otherCommune),
    makeAccount("supervisor", units.otherProvince),
  ]);
});

type Commitment = { id: string; status: string; percent: number; late: boolean; owner: { name: string }; history?: { action: string; note: string | null }[] };
type Page = { items: Commitment[]; nextCursor: string | null };

/** A session with minutes of three opinions, held; its commitment's id. `publish`: its results are out. */
async function sessionWithCommitment(publish: boolean, dueDate?: string) {
  const session = await sessionUnderWay(head.token, units.commune, { title: uniqueTitle() });
  const minutes = await putMinutesOk(staff.token, session.id, minutesBody(threeOpinions({ ownerId: staff.id, dueDate })));
  await heldSession(head.token, session.id);
  if (publish) await actOk(head.token, session.id, { action: "publish_results", summary: "Kết quả đã công khai." });
  return { session, commitmentId: minutes.items[2].commitment?.id ?? "" };
}

const progress = (id: string, body: unknown, as: TestAccount = staff) => api("POST", `/api/v1/commitments/${id}/progress`, { token: as.token, body });

describe("who sees a commitment", () => {
  it("everyone once the results are published; before that the unit's officials and the province's supervisors only", async () => {
    const hidden = await sessionWithCommitment(false);
    const shown = await sessionWithCommitment(true);
    const listed = async (token?: string) =>
      (await (await api("GET", `/api/v1/commitments?unit=${units.commune}&limit=200`, { token })).json<Page>()).items.map((item) => item.id);
    expect(await listed()).toContain(shown.commitmentId);
    expect(await listed()).not.toContain(hidden.commitmentId);
    expect(await listed(staff.token)).toContain(hidden.commitmentId);
    expect(await listed(supervisor.token)).toContain(hidden.commitmentId);
    expect(await listed(foreignSupervisor.token)).not.toContain(hidden.commitmentId);
    expect((await api("GET", `/api/v1/commitments/${hidden.commitmentId}`)).status).toBe(404);
    expect((await api("GET", `/api/v1/commitments/${hidden.commitmentId}`, { token: otherHead.token })).status).toBe(404);
    const one = await api("GET", `/api/v1/commitments/${shown.commitmentId}`);
    expect(one.status).toBe(200);
    expect(roundTripsOf(one)).toBe(1);
    const body = await one.text();
    expect(body).toContain("Thay bóng đèn");
    expect(body).not.toContain("Phạm Văn Hỏi");
    expect(JSON.parse(body)).toMatchObject({ owner: { name: "Cán bộ commune_staff", official: true }, session: { id: shown.session.id } });
  });

  it("filters by session, status and lateness, a page at a time, on one round trip", async () => {
    const { session, commitmentId } = await sessionWithCommitment(true);
    const page = await api("GET", `/api/v1/commitments?session=${session.id}&status=open&late=false`);
    expect(roundTripsOf(page)).toBe(1);
    expect((await page.json<Page>()).items.map((item) => item.id)).toEqual([commitmentId]);
    expect((await (await api("GET", `/api/v1/commitments?session=${session.id}&status=done`)).json<Page>()).items).toEqual([]);
    expect((await (await api("GET", `/api/v1/commitments?session=${session.id}&late=true`)).json<Page>()).items).toEqual([]);
    const first = await (await api("GET", `/api/v1/commitments?unit=${units.commune}&limit=1`)).json<Page>();
    expect(first.items).toHaveLength(1);
    const second = await (await api("GET", `/api/v1/commitments?unit=${units.commune}&limit=1&cursor=${first.nextCursor}`)).json<Page>();
    expect(second.items[0]?.id).not.toBe(first.items[0].id);
    expect((await api("GET", "/api/v1/commitments?status=late")).status).toBe(400);
    expect((await api("GET", "/api/v1/commitments?cursor=broken")).status).toBe(400);
  });
});

describe("progress", () => {
  it("the unit's head and staff report it with a note; done is 100 %; each report is history", async () => {
    const { commitmentId } = await sessionWithCommitment(true);
    const started = await progress(commitmentId, { status: "in_progress", note: "Đã mua bóng đèn.", percent: 40 });
    expect(started.status).toBe(200);
    expect(roundTripsOf(started)).toBe(2);
    expect(await started.json()).toMatchObject({ status: "in_progress", percent: 40 });
    expect(await problemOf(await progress(commitmentId, { status: "done", note: "Xong.", percent: 80 }))).toMatchObject({ status: 400 });
    const done = await (await progress(commitmentId, { status: "done", note: "Đã thay xong, đèn sáng." }, head)).json<Commitment & { doneAt: string }>();
    expect(done).toMatchObject({ status: "done", percent: 100 });
    expect(done.doneAt).toMatch(/^\d{4}-/);
    const view = await (await api("GET", `/api/v1/commitments/${commitmentId}`)).json<Commitment>();
    expect(view.history?.map((entry) => [entry.action, entry.note])).toEqual([
      ["create", null],
      ["progress", "Đã mua bóng đèn."],
      ["progress", "Đã thay xong, đèn sáng."],
    ]);
  });

  it("another commune's officials get 404, a supervisor 403, nobody signed in 401; nothing changes", async () => {
    const { commitmentId } = await sessionWithCommitment(true);
    const body = { status: "done", note: "Thử." };
    expect((await progress(commitmentId, body, otherHead)).status).toBe(404);
    expect((await progress(commitmentId, body, supervisor)).status).toBe(403);
    expect((await api("POST", `/api/v1/commitments/${commitmentId}/progress`, { body })).status).toBe(401);
    expect((await progress(crypto.randomUUID(), body)).status).toBe(404);
    expect(await env.DB.prepare("SELECT status FROM commitments WHERE id = ?").bind(commitmentId).first("status")).toBe("open");
  });
});

describe("the daily job", () => {
  it("flags commitments past due once, never done ones; a second run (or a retry of the same run) changes nothing", async () => {
    const late = await sessionWithCommitment(true);
    const done = await sessionWithCommitment(true);
    await progress(done.commitmentId, { status: "done", note: "Xong sớm." });
    const yesterday = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
    await env.DB.prepare("UPDATE commitments SET due_on = ? WHERE id IN (?, ?)").bind(yesterday, late.commitmentId, done.commitmentId).run();
    const now = new Date();
    const first = await markLateCommitments(env, now);
    expect(first.late).toBeGreaterThanOrEqual(1);
    expect((await markLateCommitments(env, now)).late).toBe(0);
    expect((await markLateCommitments(env, new Date(now.getTime() + 86_400_000))).late).toBe(0);
    const flags = await env.DB.prepare("SELECT id, late FROM commitments WHERE id IN (?, ?)").bind(late.commitmentId, done.commitmentId).all();
    expect(Object.fromEntries(flags.results.map((row) => [row.id, row.late]))).toEqual({ [late.commitmentId]: 1, [done.commitmentId]: 0 });
    const events = await env.DB.prepare("SELECT action FROM commitment_events WHERE commitment_id = ? AND action = 'late'").bind(late.commitmentId).all();
    expect(events.results).toHaveLength(1);
    expect((await (await api("GET", `/api/v1/commitments?session=${late.session.id}&late=true`)).json<Page>()).items.map((item) => item.id)).toEqual([
      late.commitmentId,
    ]);
    // Late is a flag, not a status: reporting progress keeps it.
    await progress(late.commitmentId, { status: "in_progress", note: "Đang làm.", percent: 50 });
    expect(await (await api("GET", `/api/v1/commitments/${late.commitmentId}`)).json()).toMatchObject({ late: true, status: "in_progress" });
    expect(dailyJobs.map((job) => job.name)).toEqual(expect.arrayContaining(["commitments.mark_late", "sessions.erase_personal_data"]));
  });
});

describe("personal data has an end", () => {
  it("registrants and askers are erased once the province's retention after the results has passed; counts stay", async () => {
    const { session } = await sessionWithCommitment(false);
    // Registrations made before the session (moved back to the future for a moment, as the clock was then).
    await env.DB.prepare("UPDATE dialogue_sessions SET status = 'published', starts_at = ?, ends_at = ? WHERE id = ?")
      .bind(new Date(Date.now() + 86_400_000).toISOString(), new Date(Date.now() + 90_000_000).toISOString(), session.id)
      .run();
    const registered = await registerFor(session.id, { name: "Hoàng Văn Xóa", phone: "0977111222", email: "xoa@example.vn", question: "Câu hỏi riêng" });
    expect(registered.status).toBe(201);
    const code = (await registered.json<{ registrationCode: string }>()).registrationCode;
    await heldSession(head.token, session.id, 400);
    await actOk(head.token, session.id, { action: "publish_results", summary: "Kết quả." });
    const publishedAt =
      (await env.DB.prepare("SELECT results_published_at FROM dialogue_sessions WHERE id = ?").bind(session.id).first<string>("results_published_at")) ?? "";
    const monthsLater = (months: number) => {
      const at = new Date(publishedAt);
      at.setUTCMonth(at.getUTCMonth() + months);
      return at;
    };
    // The default 12 months: not after 11, then after 12.
    expect((await erasePersonalData(env, monthsLater(11))).sessions).toBe(0);
    expect(await env.DB.prepare("SELECT name FROM session_registrations WHERE code = ?").bind(code).first("name")).toBe("Hoàng Văn Xóa");
    // A province that keeps data 6 months (in force from before): due after 6.
    await env.DB.prepare(
      `INSERT INTO province_policies (province_code, effective_from, min_sessions_per_year, notice_days, results_days, feedback_window_working_days,
         report_periods, personal_data_retention_months, updated_at) VALUES (?, '2000-01-01', 1, 7, 10, 10, 'cutoff', 6, ?)`,
    )
      .bind(units.province, new Date().toISOString())
      .run();
    const erased = await erasePersonalData(env, monthsLater(7));
    expect(erased.sessions).toBeGreaterThanOrEqual(1);
    const row = await env.DB.prepare("SELECT name, phone, email, question, status, checked_in_at, erased_at FROM session_registrations WHERE code = ?")
      .bind(code)
      .first<Record<string, string | null>>();
    expect(row).toMatchObject({ name: "", phone: "", email: null, question: null, status: "confirmed" });
    expect(row?.erased_at).not.toBeNull();
    expect(
      await env.DB.prepare("SELECT asked_by_name FROM minutes_items WHERE session_id = ? AND position = 1").bind(session.id).first("asked_by_name"),
    ).toBeNull();
    const addresses = await env.DB.prepare("SELECT DISTINCT address FROM outbox WHERE session_id = ? AND recipient_role = 'registrant'").bind(session.id).all();
    expect(addresses.results).toEqual([{ address: "" }]);
    // Counts stay: the session still has its confirmed seat.
    expect(await (await api("GET", `/api/v1/sessions/${session.id}`)).json()).toMatchObject({ confirmed: 1 });
    const page = await (await api("GET", `/registrations/${code}`, { headers: { accept: "text/html", "cf-connecting-ip": freshIp() } })).text();
    expect(page).not.toContain("Hoàng Văn Xóa");
    expect(page).not.toContain("0977111222");
    // Once.
    expect((await erasePersonalData(env, monthsLater(8))).sessions).toBe(0);
    await env.DB.prepare("DELETE FROM province_policies WHERE province_code = ?").bind(units.province).run();
  });
});
