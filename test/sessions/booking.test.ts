import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";
import { book, freshVenue, localAt, plusHours, roundTrips, sessionBody } from "../support/sessions";

let units: TestUnits;
let head: TestAccount;
let deputy: TestAccount;
let staff: TestAccount;
let otherHead: TestAccount;
let supervisor: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  head = await makeAccount("commune_head", units.commune);
  deputy = await makeAccount("commune_staff", units.commune);
  staff = await makeAccount("commune_staff", units.commune);
  otherHead = await makeAccount("commune_head", units.otherCommune);
  supervisor = await makeAccount("supervisor", units.province);
});

const countSessions = async (title: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM dialogue_sessions WHERE title = ?").bind(title).first<{ n: number }>())?.n;

describe("POST /api/v1/sessions", () => {
  it("books a draft with its bridge points, chair and notice deadline, in two round trips", async () => {
    const body = sessionBody(units.commune, {
      bridgePoints: [{ name: "Nhà văn hóa thôn Đông", capacity: 30 }],
      coChair: { name: "Trần Văn Hội", title: "Phó Chủ tịch HĐND xã" },
      coOrganiser: "Ủy ban MTTQ Việt Nam xã",
    });
    const response = await api("POST", "/api/v1/sessions", { token: head.token, body });
    expect(response.status).toBe(201);
    expect(roundTrips(response)).toBe(2);
    const session = await response.json<Record<string, any>>();
    expect(session).toMatchObject({
      status: "draft",
      sequence: 0,
      version: 1,
      title: body.title,
      startsAt: body.startsAt,
      venue: body.venue,
      chair: { id: head.id, name: "Cán bộ commune_head" },
      capacity: 50,
      confirmed: 0,
      coChair: { name: "Trần Văn Hội", title: "Phó Chủ tịch HĐND xã" },
      coOrganiser: "Ủy ban MTTQ Việt Nam xã",
      recordedAfterwards: false,
      shortNotice: false,
      noticeDeadline: new Date(Date.parse(body.startsAt) - 7 * 86_400_000).toISOString(),
      allowedActions: ["publish", "reschedule", "cancel"],
    });
    expect(session.bridgePoints).toEqual([{ id: expect.any(String), name: "Nhà văn hóa thôn Đông", address: null, capacity: 30, confirmed: 0, waitlisted: 0 }]);
    const audit = await env.DB.prepare("SELECT actor_id, action FROM audit_log WHERE target_id = ?").bind(session.id).all();
    expect(audit.results).toEqual([{ actor_id: head.id, action: "session.book" }]);
  });

  it("accepts another official of the unit as chair, and refuses one from elsewhere", async () => {
    const chaired = await book(head.token, sessionBody(units.commune, { chairAccountId: deputy.id }));
    expect(chaired.chair).toEqual({ id: deputy.id, name: "Cán bộ commune_staff" });
    const response = await api("POST", "/api/v1/sessions", { token: head.token, body: sessionBody(units.commune, { chairAccountId: otherHead.id }) });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.map((error) => [error.path, error.code])).toEqual([["chairAccountId", "session.chair_invalid"]]);
  });

  it("records a session whose end has passed as held before, not short notice", async () => {
    const startsAt = localAt(-40, 8);
    const session = await book(head.token, sessionBody(units.commune, { startsAt, endsAt: plusHours(startsAt, 2) }));
    expect(session).toMatchObject({ status: "held", recordedAfterwards: true, shortNotice: false, allowedActions: ["publish_results"] });
    const listed = await api("GET", `/api/v1/sessions?unit=${units.commune}&status=held`);
    expect((await listed.json<{ items: { id: string }[] }>()).items.map((item) => item.id)).toContain(session.id);
  });

  it("refuses a session under way, and times in the wrong order, with field errors", async () => {
    const startsAt = localAt(0, 0);
    const underWay = await api("POST", "/api/v1/sessions", {
      token: head.token,
      body: sessionBody(units.commune, { startsAt: new Date(Date.now() - 3_600_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString() }),
    });
    expect(underWay.status).toBe(400);
    expect((await problemOf(underWay)).errors?.[0]).toMatchObject({ path: "startsAt", code: "session.under_way" });
    const backwards = await api("POST", "/api/v1/sessions", {
      token: head.token,
      body: sessionBody(units.commune, { startsAt: plusHours(startsAt, 5), endsAt: startsAt }),
    });
    expect(backwards.status).toBe(400);
    expect((await problemOf(backwards)).errors?.[0]).toMatchObject({ path: "endsAt", code: "session.ends_before_start" });
    const tooLong = await api("POST", "/api/v1/sessions", {
      token: head.token,
      body: sessionBody(units.commune, { startsAt: localAt(30, 8), endsAt: plusHours(localAt(30, 8), 25) }),
    });
    expect((await problemOf(tooLong)).errors?.[0]).toMatchObject({ path: "endsAt", code: "session.too_long" });
    const garbage = await api("POST", "/api/v1/sessions", {
      token: head.token,
      body: { unitCode: units.commune, startsAt: "tomorrow", capacity: -1, mode: "zoom" },
    });
    expect(garbage.status).toBe(400);
    const paths = (await problemOf(garbage)).errors?.map((error) => error.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(["title", "startsAt", "endsAt", "venue", "mode", "capacity"]));
  });

  it("lets only the commune head of the unit book: others 403, another commune's head 404", async () => {
    for (const caller of [staff, supervisor]) {
      const response = await api("POST", "/api/v1/sessions", { token: caller.token, body: sessionBody(units.commune) });
      expect(response.status).toBe(403);
    }
    const body = sessionBody(units.commune, { title: "Đặt hộ xã khác" });
    const response = await api("POST", "/api/v1/sessions", { token: otherHead.token, body });
    expect(response.status).toBe(404);
    expect(await countSessions("Đặt hộ xã khác")).toBe(0);
    expect((await api("POST", "/api/v1/sessions", { body })).status).toBe(401);
  });
});

describe("the clash rule", () => {
  const at = (day: number, hour: number) => localAt(day, hour);

  it("refuses the same hall at an overlapping hour, naming the session it clashes with", async () => {
    const venue = freshVenue("Hội trường UBND");
    const first = await book(head.token, sessionBody(units.commune, { venue: { name: venue }, startsAt: at(40, 8), endsAt: at(40, 11) }));
    const response = await api("POST", "/api/v1/sessions", {
      token: head.token,
      body: sessionBody(units.commune, { title: "Trùng giờ", venue: { name: venue }, startsAt: at(40, 10), endsAt: at(40, 12) }),
    });
    expect(response.status).toBe(409);
    const problem = await problemOf(response);
    expect(problem.code).toBe("session.clash");
    expect(problem.conflict).toEqual({ id: first.id, title: first.title, startsAt: first.startsAt, endsAt: first.endsAt });
    expect(problem.detail).toContain(first.title as string);
    expect(await countSessions("Trùng giờ")).toBe(0);
  });

  it("compares venue names without diacritics, case or extra spaces", async () => {
    const venue = freshVenue("Hội trường Đông");
    await book(head.token, sessionBody(units.commune, { venue: { name: venue }, startsAt: at(41, 8), endsAt: at(41, 11) }));
    const folded = venue
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toUpperCase()
      .replace(/ /g, "  ");
    const response = await api("POST", "/api/v1/sessions", {
      token: head.token,
      body: sessionBody(units.commune, { venue: { name: ` ${folded} ` }, startsAt: at(41, 9), endsAt: at(41, 10) }),
    });
    expect(response.status).toBe(409);
  });

  it("lets touching intervals, cancelled sessions and other communes' halls be", async () => {
    const venue = freshVenue();
    const morning = await book(head.token, sessionBody(units.commune, { venue: { name: venue }, startsAt: at(42, 8), endsAt: at(42, 10) }));
    const touching = await api("POST", "/api/v1/sessions", {
      token: head.token,
      body: sessionBody(units.commune, { venue: { name: venue }, startsAt: at(42, 10), endsAt: at(42, 12) }),
    });
    expect(touching.status).toBe(201);
    const before = await api("POST", "/api/v1/sessions", {
      token: head.token,
      body: sessionBody(units.commune, { venue: { name: venue }, startsAt: at(42, 6), endsAt: at(42, 8) }),
    });
    expect(before.status).toBe(201);
    const cancelled = await api("POST", `/api/v1/sessions/${morning.id}/actions`, {
      token: head.token,
      body: { action: "cancel", reason: "Trùng lịch họp tỉnh" },
    });
    expect(cancelled.status).toBe(200);
    const replacing = await api("POST", "/api/v1/sessions", {
      token: head.token,
      body: sessionBody(units.commune, { venue: { name: venue }, startsAt: at(42, 8), endsAt: at(42, 10) }),
    });
    expect(replacing.status).toBe(201);
    const elsewhere = await api("POST", "/api/v1/sessions", {
      token: otherHead.token,
      body: sessionBody(units.otherCommune, { venue: { name: venue }, startsAt: at(42, 8), endsAt: at(42, 10) }),
    });
    expect(elsewhere.status).toBe(201);
  });

  it("refuses the same chair at another venue at the same time", async () => {
    const first = await book(head.token, sessionBody(units.commune, { startsAt: at(43, 14), endsAt: at(43, 16) }));
    const response = await api("POST", "/api/v1/sessions", {
      token: head.token,
      body: sessionBody(units.commune, { startsAt: at(43, 15), endsAt: at(43, 17) }),
    });
    expect(response.status).toBe(409);
    expect((await problemOf(response)).conflict).toMatchObject({ id: first.id });
    const otherChair = await api("POST", "/api/v1/sessions", {
      token: head.token,
      body: sessionBody(units.commune, { chairAccountId: deputy.id, startsAt: at(43, 15), endsAt: at(43, 17) }),
    });
    expect(otherChair.status).toBe(201);
  });

  it("lets exactly one of 30 racing bookings of one hall and hour win; the 29 others name the winner", async () => {
    const venue = freshVenue("Hội trường đua");
    const startsAt = at(44, 8);
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        api("POST", "/api/v1/sessions", {
          token: head.token,
          body: sessionBody(units.commune, {
            title: `Đua đặt lịch ${index}`,
            venue: { name: venue },
            startsAt,
            endsAt: plusHours(startsAt, 2),
            chairAccountId: index % 2 ? deputy.id : head.id,
          }),
        }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(29);
    const winner = await responses[statuses.indexOf(201)].json<{ id: string; title: string }>();
    for (const response of responses.filter((candidate) => candidate.status === 409)) {
      expect((await problemOf(response)).conflict).toMatchObject({ id: winner.id, title: winner.title, startsAt });
    }
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM dialogue_sessions WHERE venue_folded = lower(?)")
      .bind(
        venue
          .replace("đ", "d")
          .normalize("NFD")
          .replace(/[\u0300-\u036f]/g, ""),
      )
      .first<{ n: number }>();
    expect(stored?.n).toBe(1);
    const places = await env.DB.prepare("SELECT count(*) AS n FROM session_places WHERE session_id = ?").bind(winner.id).first<{ n: number }>();
    expect(places?.n).toBe(1);
    const audits = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'session.book' AND detail LIKE '%Đua đặt lịch%'").first<{
      n: number;
    }>();
    expect(audits?.n).toBe(1);
  });

  it("uses the (unit_code, starts_at) index for the clash query and the unit list", async () => {
    const plan = await env.DB.prepare(
      `EXPLAIN QUERY PLAN SELECT id, title, starts_at, ends_at FROM dialogue_sessions WHERE unit_code = ? AND starts_at > ? AND starts_at < ? AND ends_at > ?
       AND status <> 'cancelled' AND (venue_folded = ? OR chair_account_id = ?) AND id <> ?`,
    )
      .bind("X", "a", "b", "c", "d", "e", "f")
      .all<{ detail: string }>();
    expect(plan.results.map((row) => row.detail).join("\n")).toMatch(
      /SEARCH dialogue_sessions USING INDEX dialogue_sessions_by_unit \(unit_code=\? AND starts_at>\? AND starts_at<\?\)/,
    );
  });
});
