import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { SessionEvent } from "../../src/sessions/events";
import { cancelRegistration, register } from "../../src/sessions/registration-workflow";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";
import { actOk, book, freshIp, freshPhone, publishedSession, registerFor, roundTrips, sessionBody } from "../support/sessions";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let supervisor: TestAccount;
let otherHead: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  head = await makeAccount("commune_head", units.commune);
  staff = await makeAccount("commune_staff", units.commune);
  supervisor = await makeAccount("supervisor", units.province);
  otherHead = await makeAccount("commune_head", units.otherCommune);
});

type Created = { registrationCode: string; status: string; position?: number };
const created = async (response: Response) => {
  if (response.status !== 201) throw new Error(`registration failed ${response.status}: ${await response.text()}`);
  return response.json<Created>();
};
const lookup = (code: string) => api("GET", `/api/v1/registrations/${code}`, { headers: { "cf-connecting-ip": freshIp() } });
const cancel = (code: string) => api("DELETE", `/api/v1/registrations/${code}`, { headers: { "cf-connecting-ip": freshIp() } });
const countsAt = async (placeId: string) => {
  const { results } = await env.DB.prepare("SELECT status, count(*) AS n FROM session_registrations WHERE place_id = ? GROUP BY status")
    .bind(placeId)
    .all<{ status: string; n: number }>();
  return Object.fromEntries(results.map((row) => [row.status, row.n]));
};

describe("registering", () => {
  it("gives a seat and an unguessable code in two round trips; the code's page is one", async () => {
    const session = await publishedSession(head.token, units.commune);
    const response = await registerFor(session.id, { name: "Lê Thị Hoa", question: "Khi nào làm đường thôn Đông?" });
    expect(response.status).toBe(201);
    expect(roundTrips(response)).toBe(2);
    const registration = await response.json<Created>();
    expect(registration).toEqual({ registrationCode: expect.stringMatching(/^[2-9A-HJ-NP-Z]{10}$/), status: "confirmed" });
    const page = await lookup(registration.registrationCode.toLowerCase().replace(/(.{5})/, "$1-"));
    expect(page.status).toBe(200);
    expect(roundTrips(page)).toBe(1);
    expect(await page.json()).toMatchObject({
      registrationCode: registration.registrationCode,
      status: "confirmed",
      name: "Lê Thị Hoa",
      place: { id: session.id, name: (session.venue as { name: string }).name },
      session: { id: session.id, title: session.title, status: "published" },
    });
  });

  it("makes codes of 50 random bits: 300 codes, all different", async () => {
    const { newRegistrationCode } = await import("../../src/sessions/registration-store");
    const codes = new Set(Array.from({ length: 300 }, () => newRegistrationCode()));
    expect(codes.size).toBe(300);
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);
  });

  it("normalises phones (+84 = 0) and allows one live registration per phone", async () => {
    const session = await publishedSession(head.token, units.commune);
    const first = await created(await registerFor(session.id, { phone: "+84 912 345 678" }));
    const again = await registerFor(session.id, { phone: "0912.345.678", name: "Người khác" });
    expect(again.status).toBe(409);
    const problem = await problemOf(again);
    expect(problem.code).toBe("registration.duplicate");
    expect(problem.errors?.[0].path).toBe("phone");
    const stored = await env.DB.prepare("SELECT phone FROM session_registrations WHERE code = ?").bind(first.registrationCode).first<string>("phone");
    expect(stored).toBe("0912345678");
    expect((await cancel(first.registrationCode)).status).toBe(200);
    expect((await registerFor(session.id, { phone: "0912345678" })).status).toBe(201);
    const bad = await registerFor(session.id, { phone: "12345", name: "" });
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).errors?.map((error) => [error.path, error.code]).sort()).toEqual([
      ["name", "registration.name_required"],
      ["phone", "contact.phone_format"],
    ]);
  });

  it("never gives more seats than a place has: 200 racing for the last 10", async () => {
    const session = await publishedSession(head.token, units.commune, { capacity: 25 });
    for (let index = 0; index < 15; index++) await created(await registerFor(session.id));
    const responses = await Promise.all(Array.from({ length: 200 }, () => registerFor(session.id)));
    expect(responses.map((response) => response.status).filter((status) => status !== 201)).toEqual([]);
    const results = await Promise.all(responses.map((response) => response.json<Created>()));
    expect(results.filter((result) => result.status === "confirmed")).toHaveLength(10);
    const waiting = results.filter((result) => result.status === "waitlisted");
    expect(waiting).toHaveLength(190);
    expect(waiting.map((result) => result.position).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 190 }, (_, index) => index + 1));
    expect(await countsAt(session.id)).toEqual({ confirmed: 25, waitlisted: 190 });
    const view = await (await api("GET", `/api/v1/sessions/${session.id}`)).json<{ confirmed: number; waitlisted: number }>();
    expect(view).toMatchObject({ confirmed: 25, waitlisted: 190 });
  });

  it("counts seats per place: a bridge point fills on its own", async () => {
    const session = await publishedSession(head.token, units.commune, { capacity: 100, bridgePoints: [{ name: "Điểm cầu thôn Bắc", capacity: 2 }] });
    const bridge = session.bridgePoints[0];
    const results = await Promise.all(Array.from({ length: 5 }, () => registerFor(session.id, { bridgePointId: bridge.id }).then(created)));
    expect(results.filter((result) => result.status === "confirmed")).toHaveLength(2);
    expect(await countsAt(bridge.id)).toEqual({ confirmed: 2, waitlisted: 3 });
    expect(await countsAt(session.id)).toEqual({});
    const wrongPlace = await registerFor(session.id, { bridgePointId: crypto.randomUUID() });
    expect(wrongPlace.status).toBe(400);
    expect((await problemOf(wrongPlace)).errors?.[0]).toMatchObject({ path: "bridgePointId", code: "registration.place_invalid" });
  });

  it("promotes the first waiting when a seat is cancelled, in the same batch", async () => {
    const session = await publishedSession(head.token, units.commune, { capacity: 2 });
    const a = await created(await registerFor(session.id));
    const b = await created(await registerFor(session.id));
    const c = await created(await registerFor(session.id));
    const d = await created(await registerFor(session.id));
    expect([a.status, b.status, c.status, d.status, c.position, d.position]).toEqual(["confirmed", "confirmed", "waitlisted", "waitlisted", 1, 2]);
    const cancelled = await cancel(a.registrationCode);
    expect(cancelled.status).toBe(200);
    expect(roundTrips(cancelled)).toBe(2);
    expect(await cancelled.json()).toMatchObject({ status: "cancelled" });
    expect(await (await lookup(c.registrationCode)).json()).toMatchObject({ status: "confirmed" });
    const waitingD = await (await lookup(d.registrationCode)).json<Created>();
    expect(waitingD).toMatchObject({ status: "waitlisted", position: 1 });
    const promoted = await env.DB.prepare("SELECT promoted_at FROM session_registrations WHERE code = ?").bind(c.registrationCode).first<string>("promoted_at");
    expect(promoted).toBeTruthy();
    // Cancelling a waiting one frees no seat; cancelling twice answers the same.
    expect((await cancel(d.registrationCode)).status).toBe(200);
    expect((await cancel(d.registrationCode)).status).toBe(200);
    expect(await countsAt(session.id)).toEqual({ confirmed: 2, cancelled: 2 });
  });

  it("promotes the waiting when the head adds seats", async () => {
    const session = await publishedSession(head.token, units.commune, { capacity: 1 });
    const codes = [];
    for (let index = 0; index < 4; index++) codes.push((await created(await registerFor(session.id))).registrationCode);
    const response = await api("PATCH", `/api/v1/sessions/${session.id}`, { token: head.token, body: { capacity: 3, version: session.version } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ capacity: 3, confirmed: 3, waitlisted: 1 });
    expect(await (await lookup(codes[3])).json()).toMatchObject({ status: "waitlisted", position: 1 });
  });

  it("is closed for drafts (404), cancelled sessions and after the start (409)", async () => {
    const draft = await book(head.token, sessionBody(units.commune));
    expect((await registerFor(draft.id)).status).toBe(404);
    const session = await publishedSession(head.token, units.commune);
    const code = (await created(await registerFor(session.id))).registrationCode;
    await actOk(head.token, session.id, { action: "cancel", reason: "Bão" });
    const closed = await registerFor(session.id);
    expect(closed.status).toBe(409);
    expect((await problemOf(closed)).code).toBe("registration.closed");
    expect((await cancel(code)).status).toBe(409);
    const started = await publishedSession(head.token, units.commune);
    await env.DB.prepare("UPDATE dialogue_sessions SET starts_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 60_000).toISOString(), started.id)
      .run();
    expect((await registerFor(started.id)).status).toBe(409);
  });

  it("throttles lookups by code per client", async () => {
    // 30 a minute, in fixed windows: 61 lookups cross at most one window's edge, so at most 60 get through.
    const headers = { "cf-connecting-ip": "10.250.250.250" };
    const responses = [];
    for (let index = 0; index < 61; index++) responses.push(await api("GET", "/api/v1/registrations/ABCDE23456", { headers }));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 404).length).toBeGreaterThanOrEqual(30);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((status) => status === 404 || status === 429)).toBe(true);
    const throttled = responses[statuses.indexOf(429)];
    expect(throttled.headers.get("retry-after")).toBe("60");
    expect((await problemOf(throttled)).code).toBe("registration.throttled");
    expect((await api("GET", "/api/v1/registrations/not-a-code", { headers: { "cf-connecting-ip": freshIp() } })).status).toBe(400);
  });
});

describe("GET /api/v1/sessions/:id/registrations", () => {
  it("shows the unit's officials and the province's supervisors who registered, in one round trip, and logs the view", async () => {
    const session = await publishedSession(head.token, units.commune);
    await created(await registerFor(session.id, { name: "Phạm Văn Dũng", phone: "0987654321", question: "Nước sạch?" }));
    for (const caller of [head, staff, supervisor]) {
      const response = await api("GET", `/api/v1/sessions/${session.id}/registrations`, { token: caller.token });
      expect(response.status).toBe(200);
      expect([caller.role, roundTrips(response)]).toEqual([caller.role, 1]);
      const page = await response.json<{ items: Record<string, unknown>[] }>();
      expect(page.items[0]).toMatchObject({ name: "Phạm Văn Dũng", phone: "0987654321", question: "Nước sạch?", status: "confirmed", queueNumber: 1 });
    }
    let logged = 0;
    for (let attempt = 0; attempt < 20 && logged < 3; attempt++) {
      logged =
        (
          await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'session.view_registrations' AND target_id = ?")
            .bind(session.id)
            .first<{ n: number }>()
        )?.n ?? 0;
      if (logged < 3) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(logged).toBe(3);
    expect((await api("GET", `/api/v1/sessions/${session.id}/registrations`, { token: otherHead.token })).status).toBe(404);
    expect((await api("GET", `/api/v1/sessions/${session.id}/registrations`)).status).toBe(401);
    const publicView = await (await api("GET", `/api/v1/sessions/${session.id}`)).text();
    expect(publicView).not.toContain("Phạm Văn Dũng");
    expect(publicView).not.toContain("0987654321");
  });
});

describe("events for the outbox", () => {
  const outbox = async () =>
    (await env.DB.prepare("SELECT kind, registration_id FROM test_outbox ORDER BY rowid").all<{ kind: string; registration_id: string }>()).results;
  const builder = {
    statements: (db: D1Database, events: SessionEvent[]) =>
      events
        .filter((event) => event.registrations)
        .map((event) =>
          db
            .prepare(`INSERT INTO test_outbox (kind, registration_id) SELECT ?, id FROM session_registrations WHERE id IN (${event.registrations?.sql})`)
            .bind(event.kind, ...(event.registrations?.params ?? [])),
        ),
  };

  it("ride in the write batch: confirmed or waitlisted on arrival, promoted on a cancellation", async () => {
    await env.DB.exec("CREATE TABLE IF NOT EXISTS test_outbox (kind TEXT, registration_id TEXT)");
    await env.DB.exec("DELETE FROM test_outbox");
    const session = await publishedSession(head.token, units.commune, { capacity: 1 });
    const first = await register(env.DB, session.id, { name: "A", phone: freshPhone() }, { events: builder });
    const second = await register(env.DB, session.id, { name: "B", phone: freshPhone() }, { events: builder });
    const id = async (code: string) => (await env.DB.prepare("SELECT id FROM session_registrations WHERE code = ?").bind(code).first<string>("id")) ?? "";
    expect(await outbox()).toEqual([
      { kind: "registration.confirmed", registration_id: await id(first.registrationCode) },
      { kind: "registration.waitlisted", registration_id: await id(second.registrationCode) },
    ]);
    await cancelRegistration(env.DB, first.registrationCode, { events: builder });
    expect((await outbox()).slice(2)).toEqual([{ kind: "registration.promoted", registration_id: await id(second.registrationCode) }]);
    // A refused registration (duplicate phone) writes no event.
    const phone = freshPhone();
    await register(env.DB, session.id, { name: "C", phone }, { events: builder });
    await expect(register(env.DB, session.id, { name: "C again", phone }, { events: builder })).rejects.toMatchObject({ status: 409 });
    expect(await outbox()).toHaveLength(4);
  });

  it("tell registrants of a reschedule only when it took place", async () => {
    await env.DB.exec("CREATE TABLE IF NOT EXISTS test_outbox (kind TEXT, registration_id TEXT)");
    await env.DB.exec("DELETE FROM test_outbox");
    const session = await publishedSession(head.token, units.commune);
    await created(await registerFor(session.id));
    await created(await registerFor(session.id));
    const { actOnSession } = await import("../../src/sessions/workflow");
    const user = { id: head.id, email: head.email, name: "H", role: "commune_head" as const, unitCode: units.commune, provinceCode: units.province };
    const startsAt = new Date(Date.parse(session.startsAt) + 86_400_000).toISOString();
    const endsAt = new Date(Date.parse(session.endsAt) + 86_400_000).toISOString();
    await actOnSession(env.DB, user, session.id, { action: "reschedule", startsAt, endsAt, reason: "Trùng lịch" }, { events: builder });
    expect((await outbox()).map((row) => row.kind)).toEqual(["session.rescheduled", "session.rescheduled"]);
    await expect(
      actOnSession(env.DB, user, session.id, { action: "reschedule", startsAt, endsAt, reason: "again", version: session.version }, { events: builder }),
    ).rejects.toMatchObject({ status: 409 });
    expect(await outbox()).toHaveLength(2);
  });
});
