/**
 * A calendar change recomputes the open deadlines it affects (issue 8, item 3): set-based over `calendar_days`, one
 * batch for every petition, a history entry each, the tracking snapshots made stale by a published version.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { addWorkingDays, deadline } from "../../src/holidays/rules";
import { deadlineSql, loadCalendar } from "../../src/holidays/store";
import { RECOMPUTE_DEADLINES_JOB } from "../../src/holidays/workflow";
import { localDay } from "../../src/lib/dates";
import { petitionJobs } from "../../src/petitions/jobs";
import { recomputeDeadlinesStatements } from "../../src/petitions/store";
import { allJobs } from "../../src/scheduled";
import { api, makeAccount, makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { actOk, freshIp, submit } from "../support/petitions";
import { roundTripsOf } from "../support/round-trips";

let units: TestUnits;
let admin: TestAccount;
let staff: TestAccount;
beforeAll(async () => {
  units = await makeUnits();
  admin = await makeAccount("admin", null);
  staff = await makeAccount("commune_staff", units.commune);
});

const recompute = petitionJobs.find((job) => job.name === RECOMPUTE_DEADLINES_JOB);
const runJob = async () => {
  if (!recompute) throw new Error("no recompute job");
  return recompute.run(env, new Date());
};
const track = (code: string) => api("GET", `/api/v1/petitions/track/${code}`, { headers: { "cf-connecting-ip": freshIp() } });
const row = (id: string) =>
  env.DB.prepare("SELECT acknowledge_by, resolve_by, due_on, version FROM petitions WHERE id = ?").bind(id).first<{
    acknowledge_by: string;
    resolve_by: string | null;
    due_on: string;
    version: number;
  }>();

describe("the SQL arithmetic over calendar_days", () => {
  it("gives the same deadlines as the pure rules, for working and calendar periods across 2025–2031", async () => {
    const calendar = await loadCalendar(env.DB, "2024-01-01", "2033-12-31");
    const cases: { from: string; days: number; kind: "working" | "calendar" }[] = [];
    for (let index = 0; index < 400; index++) {
      const from = new Date(Date.UTC(2025, 0, 1) + ((index * 7919) % 2400) * 86_400_000).toISOString().slice(0, 10);
      cases.push({ from, days: 1 + ((index * 31) % 90), kind: index % 2 ? "working" : "calendar" });
    }
    const expression = deadlineSql("json_extract(value, '$.from')", "json_extract(value, '$.days')", "json_extract(value, '$.kind')");
    const { results } = await env.DB.prepare(`SELECT ${expression} AS due FROM json_each(?) ORDER BY key`).bind(JSON.stringify(cases)).all<{ due: string }>();
    expect(results.map((result) => result.due)).toEqual(cases.map((each) => deadline(each.from, each.days, each.kind, calendar)));
  });
});

describe("recomputing open deadlines", () => {
  it("is a job the queue can run by name, in every night's list too", () => {
    expect(allJobs.map((job) => job.name)).toContain(RECOMPUTE_DEADLINES_JOB);
    // A fixed, small batch whatever the number of petitions: inside the Free plan's 50 queries.
    expect(recomputeDeadlinesStatements(env.DB, new Date().toISOString()).length).toBe(4);
  });

  it("a new day off moves every open deadline that spans it, with a history entry each; closed ones and later days stay", async () => {
    const today = localDay();
    await runJob(); // start from a calendar whose deadlines are in place
    const calendar = await loadCalendar(env.DB, today, "2100-01-01");
    const spanned = await submit(units.commune, { kind: "feedback" }); // acknowledgement: 10 working days
    const handled = await submit(units.commune, { kind: "recommendation" });
    await actOk(staff.token, handled.id, { action: "accept" }); // resolution: 15 working days from today
    const closed = await submit(units.commune, { kind: "feedback" });
    await actOk(staff.token, closed.id, { action: "file", reason: "Không rõ nội dung" });
    // Let the submissions' snapshots land, then read one from KV (no D1).
    await vi.waitFor(async () => expect(await env.KV.get(`track:${spanned.trackingCode}`)).not.toBeNull());
    const cachedBefore = await track(spanned.trackingCode);
    expect(roundTripsOf(cachedBefore)).toBe(0);
    expect((await cachedBefore.json<{ acknowledgeBy: string }>()).acknowledgeBy).toBe(spanned.acknowledgeBy);

    const dayOff = addWorkingDays(today, 3, calendar);
    const before = { spanned: await row(spanned.id), handled: await row(handled.id), closed: await row(closed.id) };
    const put = await api("PUT", `/api/v1/holidays/${dayOff}`, { token: admin.token, body: { name: "Nghỉ đột xuất" } });
    expect(put.status).toBe(201);
    // The holiday workflow sent the job; the queue runs it on its own.
    await vi.waitFor(async () => expect((await row(spanned.id))?.acknowledge_by).not.toBe(before.spanned?.acknowledge_by), { timeout: 10_000 });
    const after = { spanned: await row(spanned.id), handled: await row(handled.id), closed: await row(closed.id) };
    const moved = await loadCalendar(env.DB, today, "2100-01-01");
    expect(after.spanned).toMatchObject({ acknowledge_by: addWorkingDays(today, 10, moved), due_on: addWorkingDays(today, 10, moved) });
    expect(after.spanned?.acknowledge_by).toBe(addWorkingDays(before.spanned?.acknowledge_by ?? "", 1, moved));
    expect(after.spanned?.version).toBe((before.spanned?.version ?? 0) + 1);
    expect(after.handled).toMatchObject({ resolve_by: addWorkingDays(today, 15, moved), due_on: addWorkingDays(today, 15, moved) });
    expect(after.closed).toEqual(before.closed);
    const history = await env.DB.prepare(
      "SELECT petition_id, note, actor_kind, public FROM petition_events WHERE action = 'deadline_recomputed' AND petition_id IN (?, ?, ?)",
    )
      .bind(spanned.id, handled.id, closed.id)
      .all();
    expect(history.results).toEqual(
      expect.arrayContaining([
        { petition_id: spanned.id, note: `${before.spanned?.due_on} → ${after.spanned?.due_on}`, actor_kind: "system", public: 0 },
        { petition_id: handled.id, note: `${before.handled?.due_on} → ${after.handled?.due_on}`, actor_kind: "system", public: 0 },
      ]),
    );
    expect(history.results).toHaveLength(2);

    // The cached snapshot carries the old calendar version: tracking rebuilds it from D1 and shows the new day.
    await vi.waitFor(async () => expect(Number(await env.KV.get("calendar:deadlines-version"))).toBeGreaterThan(0));
    const fresh = await track(spanned.trackingCode);
    expect((await fresh.json<{ acknowledgeBy: string }>()).acknowledgeBy).toBe(after.spanned?.acknowledge_by);
    expect(roundTripsOf(fresh)).toBe(1);

    // A second run finds nothing to move; removing the day moves them back.
    expect((await runJob()).moved).toBe(0);
    expect((await api("DELETE", `/api/v1/holidays/${dayOff}`, { token: admin.token })).status).toBe(204);
    await runJob();
    expect((await row(spanned.id))?.acknowledge_by).toBe(before.spanned?.acknowledge_by);
    expect((await row(handled.id))?.resolve_by).toBe(before.handled?.resolve_by);
  });

  it("moves 500 petitions in one run, one history entry each", async () => {
    const many = await makeUnits();
    const today = localDay();
    const calendar = await loadCalendar(env.DB, today, "2100-01-01");
    // 500 open petitions whose stored deadline is a day early: one run must move every one of them.
    const stale = addWorkingDays(today, 9, calendar);
    await env.DB.prepare(
      `INSERT INTO petitions (id, tracking_code, unit_code, province_code, received_unit_code, category, kind, title, content, search_folded, channel,
         status, submitted_at, received_on, acknowledge_by, ack_from, ack_days, ack_day_kind, due_on, updated_at)
       WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 500)
       SELECT printf('10000000-0000-4000-8000-%012d', n), printf('BULK%08d', n), ?1, ?2, ?1, 'khac', 'feedback', 'Đơn thử ' || n, 'Nội dung thử', 'don thu',
         'online', 'received', ?3, ?4, ?5, ?4, 10, 'working', ?5, ?3 FROM seq`,
    )
      .bind(many.commune, many.province, new Date().toISOString(), today, stale)
      .run();
    const result = await runJob();
    expect(result.moved).toBeGreaterThanOrEqual(500);
    const bulk = await env.DB.prepare("SELECT count(*) AS n, min(due_on) AS first, max(due_on) AS last FROM petitions WHERE unit_code = ?")
      .bind(many.commune)
      .first();
    expect(bulk).toEqual({ n: 500, first: addWorkingDays(today, 10, calendar), last: addWorkingDays(today, 10, calendar) });
    const events = await env.DB.prepare(
      "SELECT count(*) AS n FROM petition_events WHERE action = 'deadline_recomputed' AND petition_id IN (SELECT id FROM petitions WHERE unit_code = ?)",
    )
      .bind(many.commune)
      .first("n");
    expect(events).toBe(500);
  });
});
