import { describe, expect, it } from "vitest";
import { itemsStatement, unitFollowUpsStatement } from "../../src/commitments/minutes-store";
import { derivedId, isLate, minutesOpen, planProgress } from "../../src/commitments/rules";
import { commitmentListQuery, markLateStatements } from "../../src/commitments/store";
import { outboxSelectStatement } from "../../src/notifications/store";
import { checkInSearchStatement } from "../../src/sessions/checkin-store";
import { sessionsToEraseStatement } from "../../src/sessions/erasure-store";
import { registrantMessages, remindedRegistrations } from "../../src/sessions/notify-store";
import { queryPlan } from "../support/query-plan";

/** The plan of a query (its SQL and bound values read back through EXPLAIN). */

/** SQL and parameters of the statements a store builds (what D1 would run), the `index`th of them. */
function sqlOf(build: (db: D1Database) => unknown, index = 0): { sql: string; params: unknown[] } {
  const captured: { sql: string; params: unknown[] }[] = [];
  const db = {
    prepare(sql: string) {
      return {
        bind(...params: unknown[]) {
          captured.push({ sql, params });
          return {} as D1PreparedStatement;
        },
      };
    },
  } as unknown as D1Database;
  build(db);
  return captured[index];
}

describe("query plans", () => {
  const list = (filter: Parameters<typeof commitmentListQuery>[0], viewer: Parameters<typeof commitmentListQuery>[1] = null) =>
    queryPlan(commitmentListQuery(filter, viewer, 50, ["2026-01-01", "x"]));

  it("commitments are listed from the index of their filter, in due order without a sort", async () => {
    expect(await list({ unitCode: "C" })).toMatch(/SEARCH c USING INDEX commitments_by_unit \(unit_code=\? AND /);
    expect(await list({ unitCode: "C", status: "open" })).toMatch(/SEARCH c USING INDEX commitments_by_unit_status \(unit_code=\? AND status=\? AND /);
    expect(await list({ sessionId: "S", unitCode: "C" })).toMatch(/SEARCH c USING INDEX commitments_by_session \(session_id=\? AND /);
    expect(await list({ provinceCode: "P" }, { provinceCode: "P" })).toMatch(/SEARCH c USING INDEX commitments_by_province \(province_code=\? AND /);
    expect(await list({})).toMatch(/SEARCH c USING INDEX commitments_by_due/);
    for (const plan of [await list({ unitCode: "C" }), await list({})]) expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it("minutes, follow-ups, the lateness sweep, the erasure sweep, the door's search and the reminder read by index", async () => {
    expect(await queryPlan(sqlOf((db) => itemsStatement(db, "S")))).toMatch(/SEARCH i USING INDEX minutes_items_by_session \(session_id=\?\)/);
    expect(await queryPlan(sqlOf((db) => unitFollowUpsStatement(db, "C", 10)))).toMatch(/SEARCH s USING INDEX dialogue_sessions_by_unit \(unit_code=\?\)/);
    expect(await queryPlan(sqlOf((db) => markLateStatements(db, "2026-03-01", "t"), 0))).toMatch(/USING INDEX commitments_to_mark_late \(due_on<\?\)/);
    expect(await queryPlan(sqlOf((db) => markLateStatements(db, "2026-03-01", "t"), 1))).toMatch(/USING INDEX commitments_marked_late \(late_marked_at=\?\)/);
    expect(await queryPlan(sqlOf((db) => sessionsToEraseStatement(db, "2026-03-01", "t", 50)))).toMatch(/USING INDEX dialogue_sessions_to_erase/);
    expect(await queryPlan(sqlOf((db) => checkInSearchStatement(db, "S", "nguyen")))).toMatch(/SEARCH r USING INDEX session_registrations_\w+ \(session_id=\?/);
    const reminder = sqlOf((db) =>
      outboxSelectStatement(
        db,
        registrantMessages("session.reminder", remindedRegistrations("a", "b"), undefined, { origin: "https://x", phoneChannel: "sms" }),
      ),
    );
    expect(await queryPlan(reminder)).toMatch(/SEARCH s2 USING INDEX dialogue_sessions_listed \(listed=\? AND starts_at>\? AND starts_at<\?\)/);
  });
});

describe("rules", () => {
  it("minutes open two hours before the start and stay open while held", () => {
    const startsAt = "2026-03-10T01:00:00.000Z";
    expect(minutesOpen({ status: "published", startsAt }, "2026-03-09T22:59:59.000Z")).toBe(false);
    expect(minutesOpen({ status: "published", startsAt }, "2026-03-09T23:00:00.000Z")).toBe(true);
    expect(minutesOpen({ status: "held", startsAt }, "2027-01-01T00:00:00.000Z")).toBe(true);
    expect(minutesOpen({ status: "results_published", startsAt }, "2026-03-10T02:00:00.000Z")).toBe(false);
    expect(minutesOpen({ status: "cancelled", startsAt }, "2026-03-10T02:00:00.000Z")).toBe(false);
    expect(minutesOpen({ status: "draft", startsAt }, "2026-03-10T02:00:00.000Z")).toBe(false);
  });

  it("progress: done is 100 %, otherwise the percent given or as it was; late only when not done and past the due day", () => {
    expect(planProgress({ status: "open", percent: 0 }, { status: "done", note: "x" })).toEqual({ status: "done", percent: 100, done: true });
    expect(planProgress({ status: "open", percent: 20 }, { status: "in_progress", note: "x" })).toEqual({ status: "in_progress", percent: 20, done: false });
    expect(planProgress({ status: "done", percent: 100 }, { status: "in_progress", note: "x", percent: 70 })).toEqual({
      status: "in_progress",
      percent: 70,
      done: false,
    });
    expect(isLate({ status: "open", dueOn: "2026-03-10" }, "2026-03-10")).toBe(false);
    expect(isLate({ status: "open", dueOn: "2026-03-10" }, "2026-03-11")).toBe(true);
    expect(isLate({ status: "done", dueOn: "2026-03-10" }, "2026-04-11")).toBe(false);
  });

  it("derived ids are stable, distinct and UUID-shaped", async () => {
    const id = await derivedId("minutes-item", "s", "0", "duong");
    expect(id).toBe(await derivedId("minutes-item", "s", "0", "duong"));
    expect(id).not.toBe(await derivedId("minutes-item", "s", "1", "duong"));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
