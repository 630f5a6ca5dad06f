import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../src/auth/roles";
import { calendarOf } from "../../src/holidays/rules";
import { Problem } from "../../src/lib/problem";
import {
  allowedSessionActions,
  type Booking,
  bookingKind,
  capacityError,
  clashes,
  isShortNotice,
  noticeDeadline,
  overlaps,
  planSessionAction,
  planSessionEdit,
  promotionsAfter,
  registrationOpen,
  resultsDue,
  resultsLate,
  seatsLeft,
  sessionAccess,
  statusOnArrival,
  waitingPosition,
} from "../../src/sessions/rules";
import { SESSION_ACTIONS, SESSION_STATUSES, type SessionAction, type SessionActionInput, type SessionStatus } from "../../src/sessions/schema";

const NOW = "2026-03-01T03:00:00.000Z"; // 10:00 on 1/3/2026 in Hà Nội
const FUTURE = { startsAt: "2026-03-20T01:00:00.000Z", endsAt: "2026-03-20T04:00:00.000Z" };
const PAST = { startsAt: "2026-02-20T01:00:00.000Z", endsAt: "2026-02-20T04:00:00.000Z" };

/** The oracle, written out by hand from API.md: the state each action leads to, from each state it is allowed in. */
const ORACLE: Record<SessionAction, Partial<Record<SessionStatus, SessionStatus>>> = {
  publish: { draft: "published" },
  reschedule: { draft: "draft", published: "published" },
  cancel: { draft: "cancelled", published: "cancelled" },
  mark_held: { published: "held" },
  publish_results: { held: "results_published" },
};

const INPUTS: Record<SessionAction, SessionActionInput> = {
  publish: { action: "publish" },
  reschedule: { action: "reschedule", startsAt: "2026-03-25T01:00:00.000Z", endsAt: "2026-03-25T03:00:00.000Z", reason: "Trùng lịch" },
  cancel: { action: "cancel", reason: "Bão" },
  mark_held: { action: "mark_held" },
  publish_results: { action: "publish_results", summary: "Đã trả lời 12 ý kiến." },
};

function outcome(run: () => unknown): { status: number; code?: string } | { to: string } {
  try {
    const plan = run() as { changes: { status?: string } };
    return { to: plan.changes.status ?? "(same)" };
  } catch (error) {
    if (error instanceof Problem) return { status: error.status, code: error.code };
    throw error;
  }
}

describe("the session lifecycle", () => {
  const cases = ROLES.flatMap((role) => SESSION_STATUSES.flatMap((status) => SESSION_ACTIONS.map((action) => ({ role, status, action }))));

  it.each(cases)("$role: $action from $status", ({ role, status, action }) => {
    const times = action === "mark_held" ? PAST : FUTURE;
    const result = outcome(() => planSessionAction({ status, ...times, shortNoticeReason: null }, INPUTS[action], { role, now: NOW, noticeDays: 7 }));
    const to = ORACLE[action][status];
    if (role !== "commune_head") expect(result).toEqual({ status: 403, code: "session.role_may_not" });
    else if (!to) expect(result).toEqual({ status: 409, code: "session.action_not_allowed" });
    else expect(result).toEqual({ to: to === status ? (action === "reschedule" ? "(same)" : to) : to });
  });

  it("has one case per role, state and action", () => expect(cases).toHaveLength(4 * 5 * 5));

  it("publishes only before the start, and marks held only after it", () => {
    const head = { role: "commune_head" as Role, now: NOW, noticeDays: 7 };
    expect(outcome(() => planSessionAction({ status: "draft", ...PAST, shortNoticeReason: "x" }, INPUTS.publish, head))).toEqual({
      status: 409,
      code: "session.already_started",
    });
    expect(outcome(() => planSessionAction({ status: "published", ...FUTURE, shortNoticeReason: null }, INPUTS.mark_held, head))).toEqual({
      status: 409,
      code: "session.not_started",
    });
    expect(allowedSessionActions({ status: "published", ...FUTURE, shortNoticeReason: null }, "commune_head", NOW)).toEqual(["reschedule", "cancel"]);
    expect(allowedSessionActions({ status: "published", ...PAST, shortNoticeReason: null }, "commune_head", NOW)).toEqual([
      "reschedule",
      "cancel",
      "mark_held",
    ]);
    expect(allowedSessionActions({ status: "draft", ...FUTURE, shortNoticeReason: null }, "commune_staff", NOW)).toEqual([]);
  });

  it("bumps the calendar sequence on reschedule and cancel, not on publish", () => {
    const head = { role: "commune_head" as Role, now: NOW, noticeDays: 7 };
    const facts = { status: "published" as const, ...FUTURE, shortNoticeReason: null };
    expect(planSessionAction(facts, INPUTS.reschedule, head)).toMatchObject({
      bumpSequence: true,
      newTimes: { startsAt: "2026-03-25T01:00:00.000Z" },
      event: "session.rescheduled",
    });
    expect(planSessionAction(facts, INPUTS.cancel, head)).toMatchObject({ bumpSequence: true, event: "session.cancelled" });
    // Announcing tells nobody (nobody has registered yet); publishing the results tells registrants and village heads.
    expect(planSessionAction({ ...facts, status: "draft" }, INPUTS.publish, head)).toMatchObject({ bumpSequence: false, event: null });
  });

  it("refuses new times in the past or in the wrong order", () => {
    const head = { role: "commune_head" as Role, now: NOW, noticeDays: 7 };
    const facts = { status: "draft" as const, ...FUTURE, shortNoticeReason: null };
    const reschedule = (startsAt: string, endsAt: string) =>
      outcome(() => planSessionAction(facts, { ...INPUTS.reschedule, startsAt, endsAt } as SessionActionInput, head));
    expect(reschedule("2026-02-28T01:00:00.000Z", "2026-02-28T02:00:00.000Z")).toEqual({ status: 400, code: "invalid" });
    expect(reschedule("2026-03-25T03:00:00.000Z", "2026-03-25T01:00:00.000Z")).toEqual({ status: 400, code: "invalid" });
    expect(reschedule("2026-03-25T01:00:00.000Z", "2026-03-26T02:00:00.000Z")).toEqual({ status: 400, code: "invalid" });
  });
});

describe("notice (API.md: a session starting 10/03 08:00 must be published by 03/03 08:00)", () => {
  const startsAt = "2026-03-10T01:00:00.000Z";
  it("puts the deadline noticeDays × 24 h before the start", () => {
    expect(noticeDeadline(startsAt, 7)).toBe("2026-03-03T01:00:00.000Z");
    expect(noticeDeadline(startsAt, 10)).toBe("2026-02-28T01:00:00.000Z");
  });

  it.each([
    { now: "2026-03-03T00:59:59.999Z", days: 7, short: false },
    { now: "2026-03-03T01:00:00.000Z", days: 7, short: false },
    { now: "2026-03-03T01:00:00.001Z", days: 7, short: true },
    { now: "2026-03-09T01:00:00.000Z", days: 7, short: true },
    { now: "2026-03-01T00:00:00.000Z", days: 10, short: true },
    { now: "2026-02-28T01:00:00.000Z", days: 10, short: false },
  ])("at $now with $days days: short = $short", ({ now, days, short }) => {
    expect(isShortNotice(now, startsAt, days)).toBe(short);
    const publish = () =>
      planSessionAction(
        { status: "draft", startsAt, endsAt: "2026-03-10T03:00:00.000Z", shortNoticeReason: null },
        { action: "publish" },
        { role: "commune_head", now, noticeDays: days },
      );
    if (short) {
      expect(outcome(publish)).toEqual({ status: 409, code: "session.short_notice" });
      const withReason = planSessionAction(
        { status: "draft", startsAt, endsAt: "2026-03-10T03:00:00.000Z", shortNoticeReason: null },
        { action: "publish", shortNoticeReason: "Họp khẩn theo chỉ đạo của tỉnh" },
        { role: "commune_head", now, noticeDays: days },
      );
      expect(withReason.changes).toMatchObject({ status: "published", shortNotice: true, shortNoticeReason: "Họp khẩn theo chỉ đạo của tỉnh" });
    } else {
      expect(publish().changes).toMatchObject({ status: "published", shortNotice: false, listed: true, publishedAt: now });
    }
  });

  it("accepts a reason recorded at booking", () => {
    const plan = planSessionAction(
      { status: "draft", startsAt, endsAt: "2026-03-10T03:00:00.000Z", shortNoticeReason: "Lịch của tỉnh" },
      { action: "publish" },
      { role: "commune_head", now: "2026-03-08T00:00:00.000Z", noticeDays: 7 },
    );
    expect(plan.changes).toMatchObject({ shortNotice: true });
  });

  it("judges a published session's new time by the notice too, a draft's not", () => {
    const context = { role: "commune_head" as Role, now: "2026-03-08T00:00:00.000Z", noticeDays: 7 };
    const input: SessionActionInput = { action: "reschedule", startsAt: "2026-03-12T01:00:00.000Z", endsAt: "2026-03-12T03:00:00.000Z", reason: "Mưa bão" };
    expect(
      outcome(() => planSessionAction({ status: "published", startsAt, endsAt: "2026-03-10T03:00:00.000Z", shortNoticeReason: null }, input, context)),
    ).toEqual({
      status: 409,
      code: "session.short_notice",
    });
    expect(
      planSessionAction({ status: "draft", startsAt, endsAt: "2026-03-10T03:00:00.000Z", shortNoticeReason: null }, input, context).changes,
    ).not.toHaveProperty("shortNotice");
  });

  it("dues the results resultsDays after the session's local day, moved off weekends and holidays (DOMAIN.md, Counting days)", () => {
    const holidays = calendarOf(["2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2027-01-01"]);
    const due = (startsAt: string, days = 10) => resultsDue(startsAt, days, holidays);
    expect(due("2026-03-10T01:00:00.000Z")).toBe("2026-03-20"); // Tuesday → Friday
    expect(due("2026-12-25T18:00:00.000Z")).toBe("2027-01-05"); // 01:00 on 26/12 in Hà Nội → Tuesday 5/1
    // Month end: 21/01 + 10 = Saturday 31/01 → Monday 2/2.
    expect(due("2026-01-21T01:00:00.000Z")).toBe("2026-02-02");
    // Year end: 22/12 + 10 = 1/1 (New Year, a Friday) → Monday 4/1.
    expect(due("2026-12-22T01:00:00.000Z")).toBe("2027-01-04");
    // Across Tết Bính Ngọ (16–20/02/2026 off): 6/2 + 10 = 16/2, mùng 1 week → Monday 23/2.
    expect(due("2026-02-06T01:00:00.000Z")).toBe("2026-02-23");
    expect(due("2026-02-10T01:00:00.000Z")).toBe("2026-02-23");
    // The days run through Tết: 3/2 + 10 = Friday 13/2, before it.
    expect(due("2026-02-03T01:00:00.000Z")).toBe("2026-02-13");
    // A session late in the evening is on its local day: 23:30 on 31/1 in Hà Nội (16:30 UTC) → 10/2.
    expect(due("2026-01-31T16:30:00.000Z")).toBe("2026-02-10");
  });

  it("flags results late once their due day is over without them, or when they came after it", () => {
    expect(resultsLate("2026-02-23", null, "2026-02-23T16:59:00.000Z")).toBe(false); // 23:59 on the due day
    expect(resultsLate("2026-02-23", null, "2026-02-23T17:00:00.000Z")).toBe(true); // 00:00 the day after
    expect(resultsLate("2026-02-23", "2026-02-23T16:00:00.000Z", "2026-03-30T00:00:00.000Z")).toBe(false);
    expect(resultsLate("2026-02-23", "2026-02-24T01:00:00.000Z", "2026-03-30T00:00:00.000Z")).toBe(true);
  });
});

describe("the clash rule", () => {
  const existing: Booking = {
    id: "a",
    unitCode: "X",
    startsAt: "2026-03-10T01:00:00.000Z",
    endsAt: "2026-03-10T03:00:00.000Z",
    venueName: "Hội trường UBND xã",
    chairAccountId: "chair-1",
    status: "published",
  };
  const candidate = (overrides: Partial<Booking>) => ({ ...existing, id: "b", ...overrides });

  it.each([
    { name: "identical", overrides: {}, clash: true },
    { name: "starting inside", overrides: { startsAt: "2026-03-10T02:00:00.000Z", endsAt: "2026-03-10T05:00:00.000Z" }, clash: true },
    { name: "ending inside", overrides: { startsAt: "2026-03-10T00:00:00.000Z", endsAt: "2026-03-10T01:00:00.001Z" }, clash: true },
    { name: "containing it", overrides: { startsAt: "2026-03-10T00:00:00.000Z", endsAt: "2026-03-10T06:00:00.000Z" }, clash: true },
    { name: "touching after", overrides: { startsAt: "2026-03-10T03:00:00.000Z", endsAt: "2026-03-10T05:00:00.000Z" }, clash: false },
    { name: "touching before", overrides: { startsAt: "2026-03-09T23:00:00.000Z", endsAt: "2026-03-10T01:00:00.000Z" }, clash: false },
    { name: "another day", overrides: { startsAt: "2026-03-11T01:00:00.000Z", endsAt: "2026-03-11T03:00:00.000Z" }, clash: false },
    { name: "folded venue", overrides: { venueName: "  HOI   TRUONG ubnd XA " }, clash: true },
    { name: "another venue, another chair", overrides: { venueName: "Nhà văn hóa thôn Đông", chairAccountId: "chair-2" }, clash: false },
    { name: "another venue, same chair", overrides: { venueName: "Nhà văn hóa thôn Đông" }, clash: true },
    { name: "another unit", overrides: { unitCode: "Y" }, clash: false },
    { name: "itself (rescheduling)", overrides: { id: "a" }, clash: false },
  ])("$name → $clash", ({ overrides, clash }) => {
    expect(clashes(candidate(overrides), existing)).toBe(clash);
  });

  it("ignores cancelled sessions", () => {
    expect(clashes(candidate({}), { ...existing, status: "cancelled" })).toBe(false);
    for (const status of ["draft", "published", "held", "results_published"] as const) expect(clashes(candidate({}), { ...existing, status })).toBe(true);
  });

  it("treats intervals as half-open", () => {
    expect(overlaps({ startsAt: "1", endsAt: "3" }, { startsAt: "3", endsAt: "5" })).toBe(false);
    expect(overlaps({ startsAt: "1", endsAt: "4" }, { startsAt: "3", endsAt: "5" })).toBe(true);
  });

  it.each([
    { startsAt: "2026-03-01T04:00:00.000Z", endsAt: "2026-03-01T05:00:00.000Z", kind: "upcoming" },
    { startsAt: "2026-03-01T01:00:00.000Z", endsAt: "2026-03-01T05:00:00.000Z", kind: "under_way" },
    { startsAt: "2026-03-01T01:00:00.000Z", endsAt: "2026-03-01T03:00:00.000Z", kind: "recorded" },
    { startsAt: "2026-02-01T01:00:00.000Z", endsAt: "2026-02-01T03:00:00.000Z", kind: "recorded" },
  ])("a booking $startsAt–$endsAt at 10:00 on 1/3 is $kind", ({ startsAt, endsAt, kind }) => {
    expect(bookingKind(startsAt, endsAt, NOW)).toBe(kind);
  });
});

describe("seats and the waiting line", () => {
  it.each([
    { capacity: 10, confirmed: 0, waitlisted: 0, arrival: "confirmed", left: 10, promote: 0 },
    { capacity: 10, confirmed: 9, waitlisted: 0, arrival: "confirmed", left: 1, promote: 0 },
    { capacity: 10, confirmed: 10, waitlisted: 0, arrival: "waitlisted", left: 0, promote: 0 },
    { capacity: 10, confirmed: 10, waitlisted: 5, arrival: "waitlisted", left: 0, promote: 0 },
    { capacity: 10, confirmed: 9, waitlisted: 5, arrival: "waitlisted", left: 1, promote: 1 },
    { capacity: 12, confirmed: 9, waitlisted: 2, arrival: "waitlisted", left: 3, promote: 2 },
    { capacity: 5, confirmed: 7, waitlisted: 1, arrival: "waitlisted", left: 0, promote: 0 },
  ])("capacity $capacity, $confirmed confirmed, $waitlisted waiting", ({ capacity, confirmed, waitlisted, arrival, left, promote }) => {
    const place = { capacity, confirmed, waitlisted };
    expect(statusOnArrival(place)).toBe(arrival);
    expect(seatsLeft(place)).toBe(left);
    expect(promotionsAfter(place)).toBe(promote);
  });

  it("never lets capacity below the confirmed", () => {
    expect(capacityError(10, 10)).toBeNull();
    expect(capacityError(9, 10)).toBe("session.capacity_below_confirmed");
  });

  it("counts a waiting registrant's position among those before them", () => {
    expect(waitingPosition([4, 7, 9], 4)).toBe(1);
    expect(waitingPosition([4, 7, 9], 9)).toBe(3);
  });

  it("opens registration only while published and before the start", () => {
    expect(registrationOpen("published", FUTURE.startsAt, NOW)).toBe(true);
    expect(registrationOpen("published", PAST.startsAt, NOW)).toBe(false);
    for (const status of ["draft", "held", "cancelled", "results_published"] as const) expect(registrationOpen(status, FUTURE.startsAt, NOW)).toBe(false);
  });
});

describe("editing (PATCH)", () => {
  const places = [
    { id: "s", isBridge: false, name: null, address: null, position: 0, capacity: 50, confirmed: 40, waitlisted: 0 },
    { id: "b1", isBridge: true, name: "Thôn Bắc", address: null, position: 1, capacity: 10, confirmed: 3, waitlisted: 0 },
    { id: "b2", isBridge: true, name: "Thôn Nam", address: null, position: 2, capacity: 10, confirmed: 0, waitlisted: 0 },
  ];
  const session = { id: "s", status: "published" as const, venueName: "Hội trường" };
  const plan =
    (patch: Parameters<typeof planSessionEdit>[2], status: SessionStatus = "published") =>
    () =>
      planSessionEdit({ ...session, status }, places, patch, () => "new");

  it("refuses fewer seats than confirmed, at the venue or a bridge point, naming the field", () => {
    expect(outcome(plan({ capacity: 39 }))).toEqual({ status: 409, code: "session.capacity_below_confirmed" });
    try {
      plan({
        bridgePoints: [
          { id: "b1", name: "Thôn Bắc", capacity: 2 },
          { id: "b2", name: "Thôn Nam", capacity: 10 },
        ],
      })();
    } catch (error) {
      expect((error as Problem).errors).toEqual([{ path: "bridgePoints.0.capacity", code: "session.capacity_below_confirmed", params: { confirmed: 3 } }]);
    }
    expect(plan({ capacity: 40 })().places?.write.find((place) => place.id === "s")?.capacity).toBe(40);
  });

  it("keeps a bridge point people registered at, drops an empty one, adds new ones", () => {
    expect(outcome(plan({ bridgePoints: [{ id: "b2", name: "Thôn Nam", capacity: 10 }] }))).toEqual({ status: 409, code: "session.bridge_point_in_use" });
    const result = plan({
      bridgePoints: [
        { id: "b1", name: "Thôn Bắc", capacity: 12 },
        { name: "Thôn Tây", capacity: 5 },
      ],
    })();
    expect(result.places).toEqual({
      write: [
        { ...places[0] },
        { id: "b1", isBridge: true, name: "Thôn Bắc", address: null, capacity: 12, position: 1 },
        { id: "new", isBridge: true, name: "Thôn Tây", address: null, capacity: 5, position: 2 },
      ],
      remove: ["b2"],
    });
    expect(outcome(plan({ bridgePoints: [{ id: "nope", name: "X", capacity: 5 }] }))).toEqual({ status: 400, code: "invalid" });
  });

  it("edits only drafts and published sessions; tells registrants only of a published one", () => {
    for (const status of ["held", "cancelled", "results_published"] as const)
      expect(outcome(plan({ title: "Mới" }, status))).toEqual({ status: 409, code: "session.not_editable" });
    expect(plan({ title: "Mới" })().event).toBe("session.changed");
    expect(plan({ title: "Mới" }, "draft")().event).toBeNull();
    expect(plan({ venue: { name: "HỘI TRƯỜNG" } })().venueChanged).toBe(false);
    expect(plan({ venue: { name: "Nhà văn hóa" } })().venueChanged).toBe(true);
  });
});

describe("who sees what", () => {
  const session = { unit_code: "C1", province_code: "P1", listed: 0 };
  const user = (role: Role, unitCode: string | null, provinceCode: string | null) => ({ role, unitCode, provinceCode });
  it.each([
    { who: "the unit's head", user: user("commune_head", "C1", "P1"), draft: "official", listed: "official" },
    { who: "the unit's staff", user: user("commune_staff", "C1", "P1"), draft: "official", listed: "official" },
    { who: "the province's supervisor", user: user("supervisor", "P1", "P1"), draft: "official", listed: "official" },
    { who: "another commune's head", user: user("commune_head", "C2", "P1"), draft: null, listed: "public" },
    { who: "another province's supervisor", user: user("supervisor", "P2", "P2"), draft: null, listed: "public" },
    { who: "an administrator", user: user("admin", null, null), draft: null, listed: "public" },
    { who: "a resident", user: undefined, draft: null, listed: "public" },
  ])("$who", ({ user: viewer, draft, listed }) => {
    expect(sessionAccess(viewer, session)).toBe(draft);
    expect(sessionAccess(viewer, { ...session, listed: 1 })).toBe(listed);
  });
});
