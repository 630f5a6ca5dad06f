import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { escapeText, foldLine, localStamp } from "../../src/sessions/calendar";
import { api, makeAccount, makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { actOk, book, localAt, plusHours, publishedSession, roundTrips, sessionBody } from "../support/sessions";

let units: TestUnits;
let head: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  head = await makeAccount("commune_head", units.commune);
});

const octets = (line: string) => new TextEncoder().encode(line).length;
const parse = (text: string) => new ICAL.Component(ICAL.parse(text));

describe("writing iCalendar by hand", () => {
  it("escapes TEXT values", () => {
    expect(escapeText("Đường, cống; nước\\sạch\nthôn Đông")).toBe("Đường\\, cống\\; nước\\\\sạch\\nthôn Đông");
  });

  it("folds at 75 octets without splitting a Vietnamese letter", () => {
    const line = `SUMMARY:${"Hội nghị đối thoại với Nhân dân xã An Khê về đường liên thôn ".repeat(4)}`;
    const folded = foldLine(line);
    const pieces = folded.split("\r\n");
    expect(pieces.length).toBeGreaterThan(3);
    for (const piece of pieces) expect(octets(piece)).toBeLessThanOrEqual(75);
    for (const piece of pieces.slice(1)) expect(piece.startsWith(" ")).toBe(true);
    expect(pieces.map((piece, index) => (index ? piece.slice(1) : piece)).join("")).toBe(line);
    expect(folded).not.toContain("\uFFFD");
  });

  it("writes local wall time in Asia/Ho_Chi_Minh", () => {
    expect(localStamp("2026-03-10T01:00:00.000Z")).toBe("20260310T080000");
    expect(localStamp("2026-12-31T17:30:00.000Z")).toBe("20270101T003000");
  });
});

describe("GET /api/v1/sessions/:id/calendar.ics", () => {
  it("parses with ical.js: stable UID, the right instant, CRLF, and a SEQUENCE that follows rescheduling", async () => {
    const session = await publishedSession(head.token, units.commune, {
      title: "Đối thoại: đất đai, xây dựng; môi trường",
      agenda: "1. Đường liên thôn\n2. Nước sạch, rác thải",
      venue: { name: "Hội trường UBND xã An Khê", address: "Thôn Đông, xã An Khê" },
    });
    const response = await api("GET", `/api/v1/sessions/${session.id}/calendar.ics`);
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="doi-thoai-\d{4}-\d{2}-\d{2}\.ics"$/);
    const text = await response.text();
    expect(text.split("\r\n").every((line) => octets(line) <= 75)).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toContain("\n");
    const event = new ICAL.Event(parse(text).getFirstSubcomponent("vevent") ?? undefined);
    expect(event.uid).toBe(`${session.id}@doi-thoai.citizen-dialogue`);
    expect(event.summary).toBe("Đối thoại: đất đai, xây dựng; môi trường");
    expect(event.location).toBe("Hội trường UBND xã An Khê, Thôn Đông, xã An Khê");
    expect(event.description).toContain("1. Đường liên thôn\n2. Nước sạch, rác thải");
    expect(event.sequence).toBe(0);
    expect(event.startDate.toJSDate().toISOString()).toBe(session.startsAt);
    expect(event.endDate.toJSDate().toISOString()).toBe(session.endsAt);
    expect(event.component.getFirstPropertyValue("status")).toBe("CONFIRMED");

    const startsAt = localAt(300, 14);
    await actOk(head.token, session.id, { action: "reschedule", startsAt, endsAt: plusHours(startsAt, 2), reason: "Trùng lịch" });
    const moved = new ICAL.Event(
      parse(await (await api("GET", `/api/v1/sessions/${session.id}/calendar.ics`)).text()).getFirstSubcomponent("vevent") ?? undefined,
    );
    expect(moved.uid).toBe(event.uid);
    expect(moved.sequence).toBe(1);
    expect(moved.startDate.toJSDate().toISOString()).toBe(startsAt);
    expect(moved.startDate.toString()).toContain("T14:00:00");

    await actOk(head.token, session.id, { action: "cancel", reason: "Bão" });
    const cancelled = new ICAL.Event(
      parse(await (await api("GET", `/api/v1/sessions/${session.id}/calendar.ics`)).text()).getFirstSubcomponent("vevent") ?? undefined,
    );
    expect(cancelled.component.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(cancelled.sequence).toBe(2);
  });
});

describe("GET /api/v1/units/:code/sessions.ics", () => {
  it("feeds the commune's announced sessions, cancelled ones included, drafts not, in one round trip", async () => {
    const published = await publishedSession(head.token, units.commune, { title: "Trong lịch" });
    const cancelled = await publishedSession(head.token, units.commune, { title: "Đã hủy trong lịch" });
    await actOk(head.token, cancelled.id, { action: "cancel", reason: "Mưa lũ" });
    const draft = await book(head.token, sessionBody(units.commune, { title: "Dự thảo không lộ" }));
    const response = await api("GET", `/api/v1/units/${units.commune}/sessions.ics`);
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const calendar = parse(await response.text());
    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("Xã An Khê");
    expect(calendar.getFirstSubcomponent("vtimezone")?.getFirstPropertyValue("tzid")).toBe("Asia/Ho_Chi_Minh");
    const events = calendar.getAllSubcomponents("vevent").map((component) => new ICAL.Event(component));
    const byUid = new Map(events.map((event) => [event.uid, event]));
    expect(byUid.get(`${published.id}@doi-thoai.citizen-dialogue`)?.component.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(byUid.get(`${cancelled.id}@doi-thoai.citizen-dialogue`)?.component.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(byUid.has(`${draft.id}@doi-thoai.citizen-dialogue`)).toBe(false);
    expect((await api("GET", `/api/v1/units/${units.province}/sessions.ics`)).status).toBe(404);
    expect((await api("GET", "/api/v1/units/NOPE/sessions.ics")).status).toBe(404);
  });
});
