/**
 * Session events reach the outbox: one message per event, recipient and channel, written in the batch of the
 * change (INSERT … SELECT, recipients chosen in SQL), dispatched after it; what residents and officials see of them.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { OutboxRow } from "../../src/notifications/store";
import { sendReminders } from "../../src/sessions/notify";
import { api, makeAccount, makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { act, actOk, freshIp, freshPhone, heldSession, localAt, plusHours, publishedSession, registerFor } from "../support/sessions";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  head = await makeAccount("commune_head", units.commune);
  staff = await makeAccount("commune_staff", units.commune);
});

type Created = { registrationCode: string; status: string; position?: number };
async function registered(sessionId: string, body: Record<string, unknown> = {}): Promise<Created> {
  const response = await registerFor(sessionId, body);
  if (response.status !== 201) throw new Error(`registration failed ${response.status}: ${await response.text()}`);
  return response.json<Created>();
}
const messagesOf = async (sessionId: string) =>
  (
    await env.DB.prepare(
      "SELECT id, event, recipient, recipient_role, kind, channel, address, access_code, data, status FROM outbox WHERE session_id = ? ORDER BY created_at, kind, recipient, channel",
    )
      .bind(sessionId)
      .all<OutboxRow>()
  ).results;
const kindsTo = async (sessionId: string, code: string) =>
  (await messagesOf(sessionId)).filter((row) => row.recipient === `registration:${code}`).map((row) => `${row.kind}/${row.channel}`);
const cancel = (code: string) => api("DELETE", `/api/v1/registrations/${code}`, { headers: { "cf-connecting-ip": freshIp() } });

describe("registrations tell the registrant", () => {
  it("confirmed or waitlisted (with the place in line), by SMS and by email when given, linking to their page", async () => {
    const session = await publishedSession(head.token, units.commune, { capacity: 1 });
    const first = await registered(session.id, { phone: "0912345001", email: "Mot.Nguyen@Example.vn" });
    const second = await registered(session.id, { phone: "+84912345002" });
    expect(first.status).toBe("confirmed");
    expect(second.status).toBe("waitlisted");
    const rows = await messagesOf(session.id);
    expect(rows.map((row) => [row.recipient, row.kind, row.channel, row.address, row.recipient_role, row.access_code])).toEqual([
      [`registration:${first.registrationCode}`, "registration.confirmed", "email", "mot.nguyen@example.vn", "registrant", first.registrationCode],
      [`registration:${first.registrationCode}`, "registration.confirmed", "sms", "0912345001", "registrant", first.registrationCode],
      [`registration:${second.registrationCode}`, "registration.waitlisted", "sms", "0912345002", "registrant", second.registrationCode],
    ]);
    const data = JSON.parse(rows[2].data);
    expect(data).toMatchObject({
      unitName: "Xã An Khê",
      title: session.title,
      startsAt: session.startsAt,
      position: 1,
      registrationCode: `${second.registrationCode.slice(0, 5)}-${second.registrationCode.slice(5)}`,
      link: `http://127.0.0.1/registrations/${second.registrationCode}`,
    });
    expect(rows[0].id).toMatch(/^[0-9a-f]{32}$/);
  });

  it("the registration page and GET /registrations/:code list what was sent, addresses masked", async () => {
    const session = await publishedSession(head.token, units.commune);
    const mine = await registered(session.id, { phone: "0987654321", email: "binh@example.vn" });
    const response = await api("GET", `/api/v1/registrations/${mine.registrationCode}`, { headers: { "cf-connecting-ip": freshIp() } });
    const view = await response.json<{ notifications: { at: string; kind: string; channel: string; status: string; address: string }[] }>();
    expect(view.notifications.map((sent) => [sent.kind, sent.channel, sent.address]).sort()).toEqual([
      ["registration.confirmed", "email", "b•••@example.vn"],
      ["registration.confirmed", "sms", "09•••••321"],
    ]);
    expect(view.notifications[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(["pending", "sent", "skipped"]).toContain(view.notifications[1].status);
    const page = await (
      await api("GET", `/registrations/${mine.registrationCode}`, { headers: { accept: "text/html", "cf-connecting-ip": freshIp() } })
    ).text();
    expect(page).toContain("Tin nhắn đã gửi cho ông/bà");
    expect(page).toContain("09•••••321");
    expect(page).not.toContain("0987654321");
    expect(page).not.toContain("binh@example.vn");
  });

  it("a refused registration (the same phone again, a retried request) writes no message", async () => {
    const session = await publishedSession(head.token, units.commune);
    const phone = freshPhone();
    const mine = await registered(session.id, { phone });
    expect((await registerFor(session.id, { phone })).status).toBe(409);
    expect(await kindsTo(session.id, mine.registrationCode)).toEqual(["registration.confirmed/sms"]);
    expect(await messagesOf(session.id)).toHaveLength(1);
  });

  it("the promoted get exactly one message, however often the cancellation is retried", async () => {
    const session = await publishedSession(head.token, units.commune, { capacity: 2 });
    const [a, b, c, d] = [await registered(session.id), await registered(session.id), await registered(session.id), await registered(session.id)];
    expect([a.status, b.status, c.status, d.status]).toEqual(["confirmed", "confirmed", "waitlisted", "waitlisted"]);
    // The same cancellation three times, two of them at once.
    expect((await cancel(a.registrationCode)).status).toBe(200);
    await Promise.all([cancel(a.registrationCode), cancel(a.registrationCode)]);
    expect(await kindsTo(session.id, c.registrationCode)).toEqual(["registration.waitlisted/sms", "registration.promoted/sms"]);
    expect(await kindsTo(session.id, d.registrationCode)).toEqual(["registration.waitlisted/sms"]);
    // More seats (PATCH) promote the next in line, once.
    const patch = () => api("PATCH", `/api/v1/sessions/${session.id}`, { token: head.token, body: { capacity: 3, version: session.version } });
    expect((await patch()).status).toBe(200);
    expect((await patch()).status).toBe(409);
    expect((await kindsTo(session.id, d.registrationCode)).filter((kind) => kind.startsWith("registration.promoted"))).toHaveLength(1);
    expect(await messagesOf(session.id).then((rows) => rows.filter((row) => row.kind === "registration.promoted"))).toHaveLength(2);
  });

  it("racing registrations: each registrant gets one message, of the status they got", async () => {
    const session = await publishedSession(head.token, units.commune, { capacity: 5 });
    const results = await Promise.all(Array.from({ length: 40 }, () => registered(session.id)));
    const rows = await messagesOf(session.id);
    expect(rows).toHaveLength(40);
    const byRecipient = new Map(rows.map((row) => [row.recipient, row.kind]));
    for (const result of results) expect(byRecipient.get(`registration:${result.registrationCode}`)).toBe(`registration.${result.status}`);
    expect(rows.filter((row) => row.kind === "registration.confirmed")).toHaveLength(5);
  });
});

describe("changes to a session tell its live registrants", () => {
  it("a reschedule (retried with the same times: nothing more), a change, a cancellation; never those who cancelled", async () => {
    const session = await publishedSession(head.token, units.commune);
    const staying = await registered(session.id, { email: "o@example.vn" });
    const leaving = await registered(session.id);
    expect((await cancel(leaving.registrationCode)).status).toBe(200);
    const startsAt = plusHours(session.startsAt, 24);
    const reschedule = { action: "reschedule", startsAt, endsAt: plusHours(startsAt, 2), reason: "Trùng lịch họp tỉnh" };
    await actOk(head.token, session.id, reschedule);
    await actOk(head.token, session.id, reschedule);
    const moved = await actOk(head.token, session.id, { ...reschedule, startsAt: plusHours(startsAt, 1), endsAt: plusHours(startsAt, 3) });
    expect((await api("PATCH", `/api/v1/sessions/${session.id}`, { token: head.token, body: { title: "Tên mới", version: moved.version } })).status).toBe(200);
    await actOk(head.token, session.id, { action: "cancel", reason: "Bão số 3" });
    expect((await act(head.token, session.id, { action: "cancel", reason: "Bão số 3" })).status).toBe(409);
    expect(await kindsTo(session.id, staying.registrationCode)).toEqual([
      "registration.confirmed/email",
      "registration.confirmed/sms",
      "session.rescheduled/email",
      "session.rescheduled/sms",
      "session.rescheduled/email",
      "session.rescheduled/sms",
      "session.changed/email",
      "session.changed/sms",
      "session.cancelled/email",
      "session.cancelled/sms",
    ]);
    expect(await kindsTo(session.id, leaving.registrationCode)).toEqual(["registration.confirmed/sms"]);
    const cancelled = (await messagesOf(session.id)).find((row) => row.kind === "session.cancelled");
    expect(JSON.parse(cancelled?.data ?? "{}")).toMatchObject({ title: "Tên mới", reason: "Bão số 3" });
    const rescheduled = (await messagesOf(session.id)).find((row) => row.kind === "session.rescheduled");
    expect(JSON.parse(rescheduled?.data ?? "{}")).toMatchObject({ reason: "Trùng lịch họp tỉnh", startsAt });
  });

  it("officials see each message's kind, channel and status on the session page; another commune gets 404", async () => {
    const session = await publishedSession(head.token, units.commune);
    await registered(session.id, { phone: "0933222111" });
    const page = await api("GET", `/staff/sessions/${session.id}`, { headers: { cookie: `sid=${staff.token}`, accept: "text/html" } });
    const html = await page.text();
    expect(html).toContain("Tin nhắn đã gửi");
    expect(html).toContain("Xác nhận đăng ký dự đối thoại");
    expect(html).toContain("0933222111");
    const listed = await api("GET", `/api/v1/notifications?session=${session.id}`, { token: staff.token });
    expect((await listed.json<{ items: unknown[] }>()).items).toHaveLength(1);
    const other = await makeAccount("commune_staff", units.otherCommune);
    expect((await api("GET", `/api/v1/notifications?session=${session.id}`, { token: other.token })).status).toBe(404);
  });
});

describe("results go to the audience's village heads and to registrants", () => {
  it("once each, by email and phone where the head has them, linking to the results page", async () => {
    const village = async (name: string, contact: Record<string, string>) =>
      (await (await api("POST", `/api/v1/units/${units.commune}/villages`, { token: head.token, body: { name, ...contact } })).json<{ id: string }>()).id;
    const east = await village(`Thôn Đông ${Date.now()}`, { headName: "Ông Đông", headPhone: "0911000001", headEmail: "dong@example.vn" });
    const west = await village(`Thôn Tây ${Date.now()}`, { headName: "Bà Tây" });
    const north = await village(`Thôn Bắc ${Date.now()}`, { headPhone: "0911000003" });
    const session = await publishedSession(head.token, units.commune, { villageIds: [east, west] });
    const resident = await registered(session.id);
    await heldSession(head.token, session.id);
    const publish = () => act(head.token, session.id, { action: "publish_results", summary: "Đã trả lời 5 ý kiến." });
    expect((await publish()).status).toBe(200);
    expect((await publish()).status).toBe(409);
    const results = (await messagesOf(session.id)).filter((row) => row.kind === "session.results");
    expect(results.map((row) => [row.recipient, row.recipient_role, row.channel, row.address])).toEqual([
      [`registration:${resident.registrationCode}`, "registrant", "sms", expect.any(String)],
      [`village:${east}`, "village_head", "email", "dong@example.vn"],
      [`village:${east}`, "village_head", "sms", "0911000001"],
    ]);
    expect(results.some((row) => row.recipient === `village:${north}`)).toBe(false);
    for (const row of results) expect(JSON.parse(row.data).link).toBe(`http://127.0.0.1/sessions/${session.id}/results`);
  });
});

describe("the reminder at 08:00 the day before", () => {
  it("goes to tomorrow's confirmed registrants from the current state, once however often the job runs", async () => {
    const tomorrow = localAt(1, 9);
    const session = await publishedSession(head.token, units.commune, { capacity: 1 });
    const seated = await registered(session.id, { email: "nhac@example.vn" });
    const waiting = await registered(session.id);
    const moved = await publishedSession(head.token, units.commune);
    const movedAway = await registered(moved.id);
    const called = await publishedSession(head.token, units.commune);
    await registered(called.id);
    // Tomorrow at 09:00 for the first and the third; the second was there too but has moved to the day after.
    for (const id of [session.id, moved.id, called.id])
      await env.DB.prepare("UPDATE dialogue_sessions SET starts_at = ?, ends_at = ? WHERE id = ?").bind(tomorrow, plusHours(tomorrow, 2), id).run();
    await env.DB.prepare("UPDATE dialogue_sessions SET starts_at = ?, ends_at = ? WHERE id = ?")
      .bind(plusHours(tomorrow, 24), plusHours(tomorrow, 26), moved.id)
      .run();
    await actOk(head.token, called.id, { action: "cancel", reason: "Mưa bão" });
    const at = new Date(Date.parse(localAt(0, 8)));
    const first = await sendReminders(env, at);
    const again = await sendReminders(env, at);
    expect(first.reminders).toBeGreaterThanOrEqual(2);
    expect(again.reminders).toBe(0);
    expect((await kindsTo(session.id, seated.registrationCode)).sort()).toEqual([
      "registration.confirmed/email",
      "registration.confirmed/sms",
      "session.reminder/email",
      "session.reminder/sms",
    ]);
    expect(await kindsTo(session.id, waiting.registrationCode)).toEqual(["registration.waitlisted/sms"]);
    expect(await kindsTo(moved.id, movedAway.registrationCode)).toEqual(["registration.confirmed/sms"]);
    expect((await messagesOf(called.id)).filter((row) => row.kind === "session.reminder")).toEqual([]);
    // The next day's run reminds the moved session's registrant, once.
    const nextDay = new Date(at.getTime() + 86_400_000);
    await sendReminders(env, nextDay);
    await sendReminders(env, nextDay);
    expect((await kindsTo(moved.id, movedAway.registrationCode)).sort()).toEqual(["registration.confirmed/sms", "session.reminder/sms"]);
  });
});
