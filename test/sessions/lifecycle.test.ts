import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";
import { queryPlan } from "../support/query-plan";
import {
  act,
  actOk,
  book,
  freshVenue,
  localAt,
  plusHours,
  publishedSession,
  registerFor,
  roundTrips,
  type SessionJson,
  sessionBody,
} from "../support/sessions";

let units: TestUnits;
let head: TestAccount;
let staff: TestAccount;
let otherHead: TestAccount;
let otherStaff: TestAccount;
let supervisor: TestAccount;
let otherSupervisor: TestAccount;
let admin: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  head = await makeAccount("commune_head", units.commune);
  staff = await makeAccount("commune_staff", units.commune);
  otherHead = await makeAccount("commune_head", units.otherCommune);
  otherStaff = await makeAccount("commune_staff", units.otherCommune);
  supervisor = await makeAccount("supervisor", units.province);
  otherSupervisor = await makeAccount("supervisor", units.otherProvince);
  admin = await makeAccount("admin", null);
});

const statusOf = async (id: string) =>
  (await env.DB.prepare("SELECT status, version, sequence FROM dialogue_sessions WHERE id = ?").bind(id).first()) as Record<string, unknown>;

describe("publishing and the notice period", () => {
  it("publishes with full notice in two round trips, listing the session publicly", async () => {
    const session = await book(head.token, sessionBody(units.commune));
    expect((await api("GET", `/api/v1/sessions/${session.id}`)).status).toBe(404);
    const response = await act(head.token, session.id, { action: "publish", version: 1 });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(2);
    expect(await response.json()).toMatchObject({
      status: "published",
      version: 2,
      shortNotice: false,
      registrationOpen: true,
      publishedAt: expect.any(String),
    });
    const publicView = await api("GET", `/api/v1/sessions/${session.id}`);
    expect(publicView.status).toBe(200);
    expect(roundTrips(publicView)).toBe(1);
    const body = await publicView.json<Record<string, unknown>>();
    expect(body).not.toHaveProperty("version");
    expect(body).not.toHaveProperty("shortNoticeReason");
  });

  it("refuses a late publication without a reason (409 session.short_notice) and records it with one", async () => {
    const startsAt = localAt(3, 8);
    const session = await book(head.token, sessionBody(units.commune, { startsAt, endsAt: plusHours(startsAt, 2) }));
    const refused = await act(head.token, session.id, { action: "publish" });
    expect(refused.status).toBe(409);
    const problem = await problemOf(refused);
    expect(problem).toMatchObject({ code: "session.short_notice", allowedActions: ["publish", "reschedule", "cancel"] });
    expect(problem.detail).toContain("7");
    expect(await statusOf(session.id)).toMatchObject({ status: "draft", version: 1 });
    const published = await actOk(head.token, session.id, { action: "publish", shortNoticeReason: "Theo kế hoạch đột xuất của tỉnh" });
    expect(published).toMatchObject({ status: "published", shortNotice: true, shortNoticeReason: "Theo kế hoạch đột xuất của tỉnh" });
  });

  it("reads the notice period from the province's policy", async () => {
    const put = await api("PUT", `/api/v1/policies/${units.province}`, {
      token: admin.token,
      body: {
        effectiveFrom: "2020-01-01",
        minSessionsPerYear: 2,
        noticeDays: 90,
        resultsDays: 7,
        feedbackWindowWorkingDays: 10,
        reportPeriods: "calendar",
        personalDataRetentionMonths: 12,
      },
    });
    expect(put.status).toBe(201);
    try {
      const session = await book(head.token, sessionBody(units.commune));
      expect(session.noticeDeadline).toBe(new Date(Date.parse(session.startsAt) - 90 * 86_400_000).toISOString());
      expect((await act(head.token, session.id, { action: "publish" })).status).toBe(409);
      const other = await book(otherHead.token, sessionBody(units.otherCommune));
      expect(other.noticeDeadline).toBe(new Date(Date.parse(other.startsAt) - 90 * 86_400_000).toISOString());
    } finally {
      await env.DB.prepare("DELETE FROM province_policies WHERE province_code = ?").bind(units.province).run();
    }
  });
});

describe("rescheduling, cancelling, holding", () => {
  it("reschedules a published session keeping its registrations, bumping the sequence", async () => {
    const session = await publishedSession(head.token, units.commune);
    expect((await registerFor(session.id)).status).toBe(201);
    const startsAt = plusHours(session.startsAt, 48);
    const moved = await actOk(head.token, session.id, {
      action: "reschedule",
      startsAt,
      endsAt: plusHours(startsAt, 3),
      reason: "Trùng lịch họp tỉnh",
      version: session.version,
    });
    expect(moved).toMatchObject({ status: "published", startsAt, sequence: session.sequence + 1, confirmed: 1, version: session.version + 1 });
    const audit = await env.DB.prepare("SELECT detail FROM audit_log WHERE target_id = ? AND action = 'session.reschedule'")
      .bind(session.id)
      .first<string>("detail");
    expect(JSON.parse(audit ?? "{}")).toMatchObject({ reason: "Trùng lịch họp tỉnh", previous: { startsAt: session.startsAt }, startsAt });
  });

  it("refuses new times that clash, and a stale version, changing nothing", async () => {
    const venue = freshVenue();
    const taken = await book(head.token, sessionBody(units.commune, { venue: { name: venue } }));
    const session = await book(head.token, sessionBody(units.commune, { venue: { name: venue }, chairAccountId: staff.id }));
    const clash = await act(head.token, session.id, { action: "reschedule", startsAt: taken.startsAt, endsAt: taken.endsAt, reason: "Đổi ngày" });
    expect(clash.status).toBe(409);
    expect((await problemOf(clash)).conflict).toMatchObject({ id: taken.id });
    const stale = await act(head.token, session.id, { action: "cancel", reason: "x", version: 7 });
    expect(stale.status).toBe(409);
    expect((await problemOf(stale)).code).toBe("session.stale");
    expect(await statusOf(session.id)).toMatchObject({ status: "draft", version: 1, sequence: 0 });
  });

  it("lets only one of racing actions on one version win", async () => {
    const session = await book(head.token, sessionBody(units.commune));
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        act(head.token, session.id, index % 2 ? { action: "publish", version: 1 } : { action: "cancel", reason: "x", version: 1 }),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const audits = await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE target_id = ? AND action IN ('session.publish', 'session.cancel')")
      .bind(session.id)
      .first<{ n: number }>();
    expect(audits?.n).toBe(1);
  });

  it("cancels with a reason, bumping the sequence; a cancelled session stays on the public list", async () => {
    const session = await publishedSession(head.token, units.commune);
    const cancelled = await actOk(head.token, session.id, { action: "cancel", reason: "Bão số 3" });
    expect(cancelled).toMatchObject({ status: "cancelled", cancelReason: "Bão số 3", sequence: session.sequence + 1, registrationOpen: false });
    const list = await (await api("GET", `/api/v1/sessions?unit=${units.commune}&status=cancelled`)).json<{ items: { id: string }[] }>();
    expect(list.items.map((item) => item.id)).toContain(session.id);
    expect((await act(head.token, session.id, { action: "publish" })).status).toBe(409);
  });

  it("marks held once started, then publishes results", async () => {
    const session = await publishedSession(head.token, units.commune);
    expect((await act(head.token, session.id, { action: "mark_held" })).status).toBe(409);
    await env.DB.prepare("UPDATE dialogue_sessions SET starts_at = ?, ends_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 7_200_000).toISOString(), new Date(Date.now() - 3_600_000).toISOString(), session.id)
      .run();
    const held = await actOk(head.token, session.id, { action: "mark_held" });
    expect(held).toMatchObject({ status: "held", allowedActions: ["publish_results"] });
    const results = await actOk(head.token, session.id, { action: "publish_results", summary: "Đã trả lời 8 ý kiến; 3 ý kiến giao phòng chuyên môn." });
    expect(results).toMatchObject({ status: "results_published", resultsSummary: expect.stringContaining("8 ý kiến"), allowedActions: [] });
  });

  it("lets only the head act: staff and supervisors 403, other communes' officials 404", async () => {
    const session = await book(head.token, sessionBody(units.commune));
    expect((await act(staff.token, session.id, { action: "publish" })).status).toBe(403);
    expect((await act(supervisor.token, session.id, { action: "publish" })).status).toBe(403);
    expect((await act(otherHead.token, session.id, { action: "publish" })).status).toBe(404);
    expect((await act(head.token, session.id, { action: "fly" })).status).toBe(400);
    expect((await act(head.token, "not-a-uuid", { action: "publish" })).status).toBe(400);
    expect((await act(head.token, crypto.randomUUID(), { action: "publish" })).status).toBe(404);
  });
});

describe("PATCH /api/v1/sessions/:id", () => {
  it("edits in two round trips, bumping version and sequence", async () => {
    const session = await book(head.token, sessionBody(units.commune, { bridgePoints: [{ name: "Thôn Bắc", capacity: 10 }] }));
    const response = await api("PATCH", `/api/v1/sessions/${session.id}`, {
      token: head.token,
      body: {
        title: "Đối thoại về đất đai",
        agenda: null,
        coChair: { name: "Đỗ Văn Hội", title: "Phó Chủ tịch HĐND" },
        bridgePoints: [
          { id: session.bridgePoints[0].id, name: "Thôn Bắc (nhà văn hóa)", capacity: 20 },
          { name: "Thôn Nam", capacity: 15 },
        ],
        version: 1,
      },
    });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(2);
    const edited = await response.json<SessionJson>();
    expect(edited).toMatchObject({ title: "Đối thoại về đất đai", agenda: null, version: 2, sequence: 1, coChair: { name: "Đỗ Văn Hội" } });
    expect(edited.bridgePoints.map((point) => [point.name, point.capacity])).toEqual([
      ["Thôn Bắc (nhà văn hóa)", 20],
      ["Thôn Nam", 15],
    ]);
    expect(edited.bridgePoints[0].id).toBe(session.bridgePoints[0].id);
  });

  it("never goes below the seats confirmed, and changes nothing when refused", async () => {
    const session = await publishedSession(head.token, units.commune, { capacity: 5, bridgePoints: [{ name: "Thôn Bắc", capacity: 5 }] });
    for (let index = 0; index < 3; index++) expect((await registerFor(session.id)).status).toBe(201);
    expect((await registerFor(session.id, { bridgePointId: session.bridgePoints[0].id })).status).toBe(201);
    const below = await api("PATCH", `/api/v1/sessions/${session.id}`, {
      token: head.token,
      body: { capacity: 2, title: "Không được lưu", version: session.version },
    });
    expect(below.status).toBe(409);
    const problem = await problemOf(below);
    expect(problem.code).toBe("session.capacity_below_confirmed");
    expect(problem.errors?.[0]).toMatchObject({ path: "capacity", params: { confirmed: 3 } });
    const dropUsed = await api("PATCH", `/api/v1/sessions/${session.id}`, { token: head.token, body: { bridgePoints: [], version: session.version } });
    expect(dropUsed.status).toBe(409);
    expect((await problemOf(dropUsed)).code).toBe("session.bridge_point_in_use");
    expect(await statusOf(session.id)).toMatchObject({ version: session.version });
    const exact = await api("PATCH", `/api/v1/sessions/${session.id}`, { token: head.token, body: { capacity: 3, version: session.version } });
    expect(exact.status).toBe(200);
  });

  it("clash-checks a new venue and needs the current version", async () => {
    const venue = freshVenue();
    const taken = await book(head.token, sessionBody(units.commune, { venue: { name: venue } }));
    const session = await book(head.token, sessionBody(units.commune, { startsAt: taken.startsAt, endsAt: taken.endsAt, chairAccountId: staff.id }));
    const clash = await api("PATCH", `/api/v1/sessions/${session.id}`, { token: head.token, body: { venue: { name: venue.toUpperCase() }, version: 1 } });
    expect(clash.status).toBe(409);
    expect((await problemOf(clash)).conflict).toMatchObject({ id: taken.id });
    expect((await api("PATCH", `/api/v1/sessions/${session.id}`, { token: head.token, body: { title: "X" } })).status).toBe(400);
    expect((await api("PATCH", `/api/v1/sessions/${session.id}`, { token: head.token, body: { title: "X", version: 9 } })).status).toBe(409);
    expect((await api("PATCH", `/api/v1/sessions/${session.id}`, { token: head.token, body: { startsAt: localAt(90, 8), version: 1 } })).status).toBe(200);
    expect((await statusOf(session.id)).version).toBe(2);
    expect((await api("PATCH", `/api/v1/sessions/${session.id}`, { token: otherHead.token, body: { title: "X", version: 2 } })).status).toBe(404);
  });
});

describe("what other communes' officials get", () => {
  it("404 on a draft and on everything not public; the public view of an announced session", async () => {
    const draft = await book(head.token, sessionBody(units.commune));
    const published = await publishedSession(head.token, units.commune);
    for (const caller of [otherHead, otherStaff, otherSupervisor, admin]) {
      expect((await api("GET", `/api/v1/sessions/${draft.id}`, { token: caller.token })).status).toBe(404);
      expect((await api("GET", `/api/v1/sessions/${draft.id}/calendar.ics`, { token: caller.token })).status).toBe(404);
      expect((await api("GET", `/api/v1/sessions/${draft.id}/docket`, { token: caller.token })).status).toBe(404);
      const view = await api("GET", `/api/v1/sessions/${published.id}`, { token: caller.token });
      expect(view.status).toBe(200);
      expect(await view.json()).not.toHaveProperty("version");
    }
    for (const caller of [otherHead, otherStaff]) {
      expect((await api("POST", `/api/v1/sessions/${published.id}/docket`, { token: caller.token, body: { question: "?" } })).status).toBe(404);
    }
    for (const caller of [otherHead, otherStaff, otherSupervisor]) {
      expect((await api("GET", `/api/v1/sessions/${published.id}/registrations`, { token: caller.token })).status).toBe(404);
    }
    for (const caller of [head, staff, supervisor]) {
      const view = await api("GET", `/api/v1/sessions/${draft.id}`, { token: caller.token });
      expect(view.status).toBe(200);
      expect(await view.json()).toHaveProperty("version", 1);
    }
  });
});

describe("GET /api/v1/sessions", () => {
  it("lists announced sessions by start for everyone, drafts only for the unit's officials, one round trip", async () => {
    const draft = await book(head.token, sessionBody(units.commune));
    const published = await publishedSession(head.token, units.commune);
    const ids = async (path: string, token?: string) => {
      const response = await api("GET", path, { token });
      expect(response.status).toBe(200);
      expect(roundTrips(response)).toBe(1);
      return (await response.json<{ items: { id: string }[] }>()).items.map((item) => item.id);
    };
    for (const path of [
      `/api/v1/sessions?unit=${units.commune}&limit=200`,
      `/api/v1/sessions?province=${units.province}&limit=200`,
      "/api/v1/sessions?limit=200",
    ]) {
      const seen = await ids(path);
      expect(seen).toContain(published.id);
      expect(seen).not.toContain(draft.id);
      expect(await ids(path, otherHead.token)).not.toContain(draft.id);
    }
    expect(await ids(`/api/v1/sessions?unit=${units.commune}&limit=200`, staff.token)).toContain(draft.id);
    expect(await ids(`/api/v1/sessions?province=${units.province}&limit=200`, supervisor.token)).toContain(draft.id);
  });

  it("filters by local dates and pages with a cursor", async () => {
    const day = 200;
    const sessions = [];
    for (const hour of [7, 9, 13, 15]) {
      const startsAt = localAt(day, hour);
      sessions.push(await publishedSession(head.token, units.commune, { startsAt, endsAt: plusHours(startsAt, 1) }));
    }
    const date = new Date(Date.parse(sessions[0].startsAt) + 7 * 3_600_000).toISOString().slice(0, 10);
    const first = await (await api("GET", `/api/v1/sessions?unit=${units.commune}&from=${date}&to=${date}&limit=3`)).json<{
      items: { id: string }[];
      nextCursor: string;
    }>();
    expect(first.items.map((item) => item.id)).toEqual(sessions.slice(0, 3).map((session) => session.id));
    const second = await (await api("GET", `/api/v1/sessions?unit=${units.commune}&from=${date}&to=${date}&limit=3&cursor=${first.nextCursor}`)).json<{
      items: { id: string }[];
      nextCursor: string | null;
    }>();
    expect(second).toEqual({ items: [expect.objectContaining({ id: sessions[3].id })], nextCursor: null });
    expect((await api("GET", "/api/v1/sessions?cursor=garbage")).status).toBe(400);
    expect((await api("GET", "/api/v1/sessions?from=2026-02-30")).status).toBe(400);
  });

  it("serves the public lists from their indexes", async () => {
    const { sessionListQuery } = await import("../../src/sessions/store");
    const plan = async (scope: { unitCode?: string; provinceCode?: string }) => {
      return queryPlan(sessionListQuery(scope, { from: "2026-01-01", viewer: null }, 50, ["2026-02-01T00:00:00.000Z", "x"]));
    };
    expect(await plan({ provinceCode: "P" })).toMatch(
      /SEARCH s USING INDEX dialogue_sessions_listed_by_province \(province_code=\? AND listed=\? AND starts_at>\?\)/,
    );
    expect(await plan({ unitCode: "C" })).toMatch(/SEARCH s USING INDEX dialogue_sessions_by_unit \(unit_code=\? AND starts_at>\?\)/);
    expect(await plan({})).toMatch(/SEARCH s USING INDEX dialogue_sessions_listed \(listed=\? AND starts_at>\?\)/);
  });
});
