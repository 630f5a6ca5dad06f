import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { book, freshIp, freshVenue, localAt, plusHours, publishedSession, registerFor, roundTrips, sessionBody } from "../support/sessions";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let otherHead: TestAccount;
let supervisor: TestAccount;
const origin = "http://127.0.0.1";

beforeAll(async () => {
  units = await makeUnits();
  head = await makeAccount("commune_head", units.commune);
  staff = await makeAccount("commune_staff", units.commune);
  otherHead = await makeAccount("commune_head", units.otherCommune);
  supervisor = await makeAccount("supervisor", units.province);
});

const page = (path: string, who?: TestAccount, headers: Record<string, string> = {}) =>
  api("GET", path, { headers: { accept: "text/html", ...(who ? { cookie: `sid=${who.token}` } : {}), ...headers } });
const post = (path: string, fields: Record<string, string | string[]>, who?: TestAccount, headers: Record<string, string> = {}) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(name, item);
  return api("POST", path, {
    rawBody: body.toString(),
    headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded", origin, ...(who ? { cookie: `sid=${who.token}` } : {}), ...headers },
  });
};
/** The local date-time a `datetime-local` input sends. */
const localInput = (iso: string) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 16);

describe("the head's pages", () => {
  it("draws the month with the unit's sessions, drafts included, in one round trip", async () => {
    const session = await book(head.token, sessionBody(units.commune, { title: "Đối thoại tháng này" }));
    const month = localInput(session.startsAt).slice(0, 7);
    const response = await page(`/staff/sessions?month=${month}`, head);
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(html).toContain("Đối thoại tháng này");
    expect(html).toContain(`/staff/sessions/${session.id}`);
    expect(html).toContain("Dự thảo");
    const forSupervisor = await (await page(`/staff/sessions?month=${month}&unit=${units.commune}`, supervisor)).text();
    expect(forSupervisor).toContain("Đối thoại tháng này");
    expect((await page(`/staff/sessions?month=${month}&unit=${units.otherProvinceCommune}`, supervisor)).status).toBe(404);
  });

  it("checks for a clash before saving, without JavaScript, then books", async () => {
    const venue = freshVenue("Hội trường kiểm tra");
    const taken = await book(head.token, sessionBody(units.commune, { title: "Đã đặt trước", venue: { name: venue } }));
    const fields = {
      title: "Hội nghị mới",
      startsAt: localInput(taken.startsAt),
      endTime: localInput(plusHours(taken.startsAt, 1)).slice(11),
      venueName: venue.toLowerCase(),
      capacity: "80",
      chairAccountId: staff.id,
      mode: "in_person",
      bridgeRows: "3",
      "bridgePoints.0.name": "Thôn Bắc",
      "bridgePoints.0.capacity": "20",
    };
    const clash = await post("/staff/sessions/new", { ...fields, intent: "check" }, head);
    expect(clash.status).toBe(409);
    const clashHtml = await clash.text();
    expect(clashHtml).toContain("Trùng lịch với hội nghị “Đã đặt trước”");
    expect(clashHtml).toContain('value="Hội nghị mới"');
    const moved = { ...fields, startsAt: localInput(plusHours(taken.startsAt, 24)) };
    const free = await post("/staff/sessions/new", { ...moved, intent: "check" }, head);
    expect(free.status).toBe(200);
    expect(await free.text()).toContain("Không trùng lịch");
    const more = await post("/staff/sessions/new", { ...moved, intent: "more" }, head);
    expect(await more.text()).toContain('name="bridgePoints.6.name"');
    const saved = await post("/staff/sessions/new", { ...moved, intent: "save" }, head);
    expect(saved.status).toBe(303);
    const location = saved.headers.get("location") ?? "";
    expect(location).toMatch(/^\/staff\/sessions\/[0-9a-f-]{36}\?done=book$/);
    const row = await env.DB.prepare("SELECT title, venue_name FROM dialogue_sessions WHERE id = ?").bind(location.split("/")[3].split("?")[0]).first();
    expect(row).toEqual({ title: "Hội nghị mới", venue_name: venue.toLowerCase() });
  });

  it("shows errors next to the fields and keeps what was typed", async () => {
    const response = await post(
      "/staff/sessions/new",
      { title: "", startsAt: "", capacity: "nhiều", venueName: "Hội trường", intent: "save", bridgeRows: "3", "bridgePoints.1.name": "Điểm cầu X" },
      head,
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('href="#title"');
    expect(html).toContain('href="#startsAt"');
    expect(html).toContain('id="capacity-error"');
    expect(html).toContain('id="bridgePoints-0-capacity-error"');
    expect(html).toContain('value="Điểm cầu X"');
    expect(html).toContain("Vui lòng nhập tên hội nghị.");
    expect(html).not.toContain("session.title_required");
  });

  it("shows the session with registrations and docket to its officials, one round trip; 404 to other communes", async () => {
    const session = await publishedSession(head.token, units.commune);
    await registerFor(session.id, { name: "Vũ Thị Lan", question: "Khi nào sửa cầu?" });
    const response = await page(`/staff/sessions/${session.id}`, staff);
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(html).toContain("Vũ Thị Lan");
    expect(html).toContain("Khi nào sửa cầu?");
    expect((await page(`/staff/sessions/${session.id}`, otherHead)).status).toBe(404);
    const accepted = await post(
      `/staff/sessions/${session.id}/docket`,
      { registrationCode: html.match(/name="registrationCode" value="([^"]+)"/)?.[1] ?? "" },
      staff,
    );
    expect(accepted.status).toBe(303);
    const publicHtml = await (await page(`/sessions/${session.id}`)).text();
    expect(publicHtml).toContain("Khi nào sửa cầu?");
    expect(publicHtml).not.toContain("Vũ Thị Lan");
  });

  it("takes actions through forms and shows a refusal on the form that failed", async () => {
    const startsAt = localAt(3, 9);
    const session = await book(head.token, sessionBody(units.commune, { startsAt, endsAt: plusHours(startsAt, 2) }));
    const refused = await post(`/staff/sessions/${session.id}/actions`, { action: "publish", version: "1" }, head);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("Thông báo muộn");
    const published = await post(
      `/staff/sessions/${session.id}/actions`,
      { action: "publish", version: "1", shortNoticeReason: "Lịch của huyện thay đổi" },
      head,
    );
    expect(published.status).toBe(303);
    const cancelWithout = await post(`/staff/sessions/${session.id}/actions`, { action: "cancel", version: "2" }, head);
    expect(cancelWithout.status).toBe(400);
    expect(await cancelWithout.text()).toContain('href="#cancel-reason"');
    expect((await post(`/staff/sessions/${session.id}/actions`, { action: "publish", version: "2" }, staff)).status).toBe(403);
  });

  it("edits a session with the same form", async () => {
    const session = await book(head.token, sessionBody(units.commune, { bridgePoints: [{ name: "Thôn Đông", capacity: 10 }] }));
    const form = await (await page(`/staff/sessions/${session.id}/edit`, head)).text();
    expect(form).toContain('value="Thôn Đông"');
    const saved = await post(
      `/staff/sessions/${session.id}/edit`,
      {
        title: "Tên mới",
        venueName: (session.venue as { name: string }).name,
        capacity: "60",
        mode: "hybrid",
        onlineUrl: "https://meet.example.vn/doi-thoai",
        bridgeRows: "1",
        "bridgePoints.0.id": session.bridgePoints[0].id,
        "bridgePoints.0.name": "Thôn Đông",
        "bridgePoints.0.capacity": "15",
        version: "1",
        intent: "save",
      },
      head,
    );
    expect(saved.status).toBe(303);
    const row = await env.DB.prepare("SELECT title, mode, online_url FROM dialogue_sessions WHERE id = ?").bind(session.id).first();
    expect(row).toEqual({ title: "Tên mới", mode: "hybrid", online_url: "https://meet.example.vn/doi-thoai" });
  });
});

describe("residents' pages", () => {
  it("list upcoming sessions and show one, light and without personal data", async () => {
    const session = await publishedSession(head.token, units.commune, {
      title: "Đối thoại về nước sạch",
      bridgePoints: [{ name: "Nhà văn hóa thôn Nam", capacity: 30 }],
    });
    await registerFor(session.id, { name: "Đặng Văn Riêng", phone: "0901234567" });
    const list = await page(`/sessions?province=${units.province}`);
    expect(list.status).toBe(200);
    expect(roundTrips(list)).toBe(1);
    expect(await list.text()).toContain("Đối thoại về nước sạch");
    const response = await page(`/sessions/${session.id}`);
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(html).toContain("Nhà văn hóa thôn Nam");
    expect(html).toContain(`/sessions/${session.id}/register`);
    expect(html).not.toContain("Đặng Văn Riêng");
    expect(html).not.toContain("0901234567");
    expect(new TextEncoder().encode(html).length).toBeLessThan(12_000);
  });

  it("register at a bridge point without JavaScript and show the code, status and how to cancel", async () => {
    const session = await publishedSession(head.token, units.commune, { capacity: 1, bridgePoints: [{ name: "Thôn Tây", capacity: 1 }] });
    const form = await (await page(`/sessions/${session.id}/register`)).text();
    expect(form).toContain('type="radio"');
    const bad = await post(`/sessions/${session.id}/register`, { name: "", phone: "123" }, undefined, { "cf-connecting-ip": freshIp() });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Số điện thoại gồm 10 chữ số");
    const registered = await post(
      `/sessions/${session.id}/register`,
      { name: "Ngô Thị Mai", phone: "+84 98 765 4321", bridgePointId: session.bridgePoints[0].id, question: "Đèn đường thôn Tây?" },
      undefined,
      { "cf-connecting-ip": freshIp() },
    );
    expect(registered.status).toBe(303);
    const location = registered.headers.get("location") ?? "";
    expect(location).toMatch(/^\/registrations\/[2-9A-HJ-NP-Z]{10}\?new=1$/);
    const mine = await page(location, undefined, { "cf-connecting-ip": freshIp() });
    expect(mine.headers.get("cache-control")).toBe("private, no-store");
    const html = await mine.text();
    expect(html).toMatch(/class="big-code">[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}</);
    expect(html).toContain("Đã có chỗ");
    expect(html).toContain("Thôn Tây");
    expect(html).toContain("Hủy đăng ký");
    const code = location.split("/")[2].split("?")[0];
    const cancelled = await post(`/registrations/${code}/cancel`, {}, undefined, { "cf-connecting-ip": freshIp() });
    expect(cancelled.status).toBe(303);
    expect(await (await page(`/registrations/${code}`, undefined, { "cf-connecting-ip": freshIp() })).text()).toContain("Đã hủy");
  });

  it("print a notice with a QR code to the public page, and a loudspeaker text", async () => {
    const session = await publishedSession(head.token, units.commune, { title: "Đối thoại đầu năm", bridgePoints: [{ name: "Thôn Đoài", capacity: 40 }] });
    const notice = await page(`/sessions/${session.id}/notice`);
    expect(notice.status).toBe(200);
    const html = await notice.text();
    expect(html).toContain('<link rel="stylesheet" href="/static/document.css"/>');
    expect(html).toMatch(/<svg style="[^"]+" role="img" aria-label="[^"]+"[^>]*viewBox/);
    expect(html).toContain(`http://127.0.0.1/sessions/${session.id}`);
    expect(html).toContain("ỦY BAN NHÂN DÂN XÃ AN KHÊ");
    expect(html).toContain("Số:      /TB-UBND");
    expect(html).toContain("THÔNG BÁO");
    expect(html).toContain("Thôn Đoài");
    const text = await page(`/sessions/${session.id}/announcement.txt`);
    expect(text.headers.get("content-type")).toContain("text/plain");
    const words = await text.text();
    expect(words).toContain("Đối thoại đầu năm");
    expect(words).toContain("Thôn Đoài");
    expect(words).toContain(`http://127.0.0.1/sessions/${session.id}`);
    expect(words.split("Xin trân trọng thông báo.").length).toBe(3);
    const draft = await book(head.token, sessionBody(units.commune));
    expect((await page(`/sessions/${draft.id}/notice`)).status).toBe(404);
    expect((await page(`/sessions/${draft.id}/notice`, head)).status).toBe(200);
  });
});
