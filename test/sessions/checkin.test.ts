/** On the day: check-in by code (twice is harmless), walk-ins per place, attendance by place and village, the door's page. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";
import { roundTripsOf } from "../support/round-trips";
import { actOk, freshIp, heldSession, plusHours, publishedSession, registerFor, type SessionJson } from "../support/sessions";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let supervisor: TestAccount;
let otherHead: TestAccount;
let east = "";
let west = "";

beforeAll(async () => {
  units = await makeUnits();
  [head, staff, supervisor, otherHead] = await Promise.all([
    makeAccount("commune_head", units.commune),
    makeAccount("commune_staff", units.commune),
    makeAccount("supervisor", units.province),
    makeAccount("commune_head", units.otherCommune),
  ]);
  const village = async (name: string) =>
    (await (await api("POST", `/api/v1/units/${units.commune}/villages`, { token: head.token, body: { name } })).json<{ id: string }>()).id;
  east = await village("Thôn Đông Điểm Danh");
  west = await village("Thôn Tây Điểm Danh");
});

async function code(sessionId: string, body: Record<string, unknown> = {}): Promise<string> {
  const response = await registerFor(sessionId, body);
  if (response.status !== 201) throw new Error(await response.text());
  return (await response.json<{ registrationCode: string }>()).registrationCode;
}

/** The session starts `hoursFromNow` from now (the clock has moved on since people registered). */
async function startsIn(session: SessionJson, hoursFromNow: number) {
  const startsAt = new Date(Date.now() + hoursFromNow * 3_600_000).toISOString();
  await env.DB.prepare("UPDATE dialogue_sessions SET starts_at = ?, ends_at = ? WHERE id = ?").bind(startsAt, plusHours(startsAt, 3), session.id).run();
}

const checkIn = (sessionId: string, body: unknown, as: TestAccount = staff) => api("POST", `/api/v1/sessions/${sessionId}/checkins`, { token: as.token, body });

type Result = {
  registration?: { registrationCode: string; name: string; checkedInAt: string | null; place: string; village: string | null };
  alreadyCheckedIn?: boolean;
  attendance: { total: number; places: { name: string; checkedIn: number; walkIns: number }[]; villages: { name: string | null; checkedIn: number }[] };
};

describe("checking in", () => {
  it("by code: once, twice harmless (same answer, nothing written), five desks at once still once", async () => {
    const session = await publishedSession(head.token, units.commune);
    const mine = await code(session.id, { name: "Trần Thị Bình", villageId: east });
    const racing = await code(session.id);
    await startsIn(session, 1);
    const first = await checkIn(session.id, { registrationCode: `${mine.slice(0, 5)}-${mine.slice(5).toLowerCase()}` });
    expect(first.status).toBe(200);
    expect(roundTripsOf(first)).toBe(2);
    const result = await first.json<Result>();
    expect(result).toMatchObject({ alreadyCheckedIn: false, registration: { registrationCode: mine, name: "Trần Thị Bình", village: "Thôn Đông Điểm Danh" } });
    const again = await checkIn(session.id, { registrationCode: mine }, head);
    expect(again.status).toBe(200);
    expect(roundTripsOf(again)).toBe(1);
    const second = await again.json<Result>();
    expect(second.alreadyCheckedIn).toBe(true);
    expect(second.registration?.checkedInAt).toBe(result.registration?.checkedInAt);
    const desks = await Promise.all(Array.from({ length: 5 }, () => checkIn(session.id, { registrationCode: racing })));
    expect(desks.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    const logged = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'session.check_in' AND detail LIKE ?")
      .bind(`%${session.id}%`)
      .first<number>("n");
    expect(logged).toBe(2);
    const row = await env.DB.prepare("SELECT checked_in_by FROM session_registrations WHERE code = ?").bind(mine).first<string>("checked_in_by");
    expect(row).toBe(staff.id);
  });

  it("counts by place and village, with walk-ins as the absolute count at each place", async () => {
    const session = await publishedSession(head.token, units.commune, { bridgePoints: [{ name: "Nhà văn hóa thôn Tây", capacity: 20 }] });
    const bridge = session.bridgePoints[0].id;
    const a = await code(session.id, { villageId: east });
    const b = await code(session.id, { villageId: east });
    const c = await code(session.id, { villageId: west, bridgePointId: bridge });
    const d = await code(session.id);
    await code(session.id, { villageId: west }); // registered, never came
    await startsIn(session, -0.5);
    for (const registrationCode of [a, b, c, d, a]) expect((await checkIn(session.id, { registrationCode })).status).toBe(200);
    expect((await checkIn(session.id, { walkIns: 12 })).status).toBe(200);
    expect((await checkIn(session.id, { walkIns: 12 })).status).toBe(200);
    const last = await checkIn(session.id, { walkIns: 3, bridgePointId: bridge });
    expect(roundTripsOf(last)).toBe(2);
    const { attendance } = await last.json<Result>();
    expect(attendance.total).toBe(4 + 12 + 3);
    expect(attendance.places.map((place) => [place.checkedIn, place.walkIns])).toEqual([
      [3, 12],
      [1, 3],
    ]);
    expect(attendance.places[1].name).toBe("Nhà văn hóa thôn Tây");
    expect(attendance.villages.map((village) => [village.name, village.checkedIn])).toEqual([
      [null, 1],
      ["Thôn Đông Điểm Danh", 2],
      ["Thôn Tây Điểm Danh", 1],
    ]);
    // The officials' session page shows the same figures.
    const page = await (await api("GET", `/staff/sessions/${session.id}`, { headers: { cookie: `sid=${staff.token}`, accept: "text/html" } })).text();
    expect(page).toContain("Tổng số người dự: 19");
    expect(page).toContain("Thôn Tây Điểm Danh");
  });

  it("opens 2 hours before the start and closes when the results are published; refuses cancelled and unknown codes", async () => {
    const session = await publishedSession(head.token, units.commune);
    const mine = await code(session.id);
    const gone = await code(session.id);
    expect((await api("DELETE", `/api/v1/registrations/${gone}`, { headers: { "cf-connecting-ip": freshIp() } })).status).toBe(200);
    await startsIn(session, 2.1);
    expect(await problemOf(await checkIn(session.id, { registrationCode: mine }))).toMatchObject({ status: 409, code: "checkin.closed" });
    expect(await problemOf(await checkIn(session.id, { walkIns: 4 }))).toMatchObject({ status: 409, code: "checkin.closed" });
    await startsIn(session, 1.9);
    expect((await checkIn(session.id, { registrationCode: mine })).status).toBe(200);
    expect(await problemOf(await checkIn(session.id, { registrationCode: gone }))).toMatchObject({ status: 409, code: "checkin.cancelled" });
    expect(await problemOf(await checkIn(session.id, { registrationCode: "2222222222" }))).toMatchObject({ status: 404, code: "registration.not_found" });
    expect(await problemOf(await checkIn(session.id, { walkIns: 4, bridgePointId: crypto.randomUUID() }))).toMatchObject({ status: 400 });
    expect(await problemOf(await checkIn(session.id, { registrationCode: mine, walkIns: 3 }))).toMatchObject({ status: 400 });
    expect(await problemOf(await checkIn(session.id, { walkIns: -1 }))).toMatchObject({ status: 400 });
    await heldSession(head.token, session.id);
    expect((await checkIn(session.id, { walkIns: 4 })).status).toBe(200);
    await actOk(head.token, session.id, { action: "publish_results", summary: "Kết quả." });
    expect(await problemOf(await checkIn(session.id, { walkIns: 5 }))).toMatchObject({ status: 409, code: "checkin.closed" });
  });

  it("only the unit's head and staff: another commune 404, a supervisor 403, nobody signed in 401", async () => {
    const session = await publishedSession(head.token, units.commune);
    const mine = await code(session.id);
    await startsIn(session, 1);
    expect((await checkIn(session.id, { registrationCode: mine }, otherHead)).status).toBe(404);
    expect((await checkIn(session.id, { registrationCode: mine }, supervisor)).status).toBe(403);
    expect((await api("POST", `/api/v1/sessions/${session.id}/checkins`, { body: { registrationCode: mine } })).status).toBe(401);
    const page = await api("GET", `/staff/sessions/${session.id}/checkin`, { headers: { cookie: `sid=${otherHead.token}`, accept: "text/html" } });
    expect(page.status).toBe(404);
    expect(await env.DB.prepare("SELECT checked_in_at FROM session_registrations WHERE code = ?").bind(mine).first("checked_in_at")).toBeNull();
  });
});

describe("the door's page", () => {
  const origin = "http://127.0.0.1";
  const post = (path: string, fields: Record<string, string>) =>
    api("POST", path, {
      rawBody: new URLSearchParams(fields).toString(),
      headers: { cookie: `sid=${staff.token}`, origin, "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
    });
  const page = (path: string) => api("GET", path, { headers: { cookie: `sid=${staff.token}`, accept: "text/html" } });

  it("a code checks in at once; part of a name without diacritics finds people to pick; walk-ins are saved", async () => {
    const session = await publishedSession(head.token, units.commune);
    const an = await code(session.id, { name: "Nguyễn Văn An" });
    await code(session.id, { name: "Nguyễn Văn Ánh" });
    await code(session.id, { name: "Lê Thị Cúc" });
    await startsIn(session, 1);
    const byCode = await post(`/staff/sessions/${session.id}/checkin`, { q: `${an.slice(0, 5)}-${an.slice(5)}` });
    expect(byCode.status).toBe(303);
    expect(byCode.headers.get("location")).toBe(`/staff/sessions/${session.id}/checkin?done=${an}`);
    const done = await page(byCode.headers.get("location") ?? "");
    expect(roundTripsOf(done)).toBe(1);
    expect(await done.text()).toContain("Đã điểm danh Nguyễn Văn An.");
    const byName = await post(`/staff/sessions/${session.id}/checkin`, { q: "nguyen van" });
    expect(byName.status).toBe(303);
    const found = await (await page(byName.headers.get("location") ?? "")).text();
    expect(found).toContain("Nguyễn Văn Ánh");
    expect(found).not.toContain("Lê Thị Cúc");
    expect(found).toContain("Điểm danh Nguyễn Văn Ánh");
    const again = await post(`/staff/sessions/${session.id}/checkin`, { q: an });
    expect(await (await page(again.headers.get("location") ?? "")).text()).toContain("Nguyễn Văn An đã điểm danh trước đó.");
    const walkIns = await post(`/staff/sessions/${session.id}/walk-ins`, { walkIns: "7" });
    expect(walkIns.status).toBe(303);
    expect(await (await page(walkIns.headers.get("location") ?? "")).text()).toContain("Tổng số người dự: 8");
    const bad = await post(`/staff/sessions/${session.id}/walk-ins`, { walkIns: "-2" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('role="alert"');
  });
});
