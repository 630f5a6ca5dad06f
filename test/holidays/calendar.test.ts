/**
 * The calendar as data (issue 8, items 1–2): the seeded days corrected, working weekend days as entries, and
 * `calendar_days` (the table a calendar change recomputes deadlines with) kept in step with every change.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/holidays/rules";
import { api, makeAccount, problemOf, type TestAccount } from "../support/factory";

let admin: TestAccount;
beforeAll(async () => {
  admin = await makeAccount("admin", null);
});

type Entry = { date: string; name: string; kind: string; provisional: boolean };
const year = async (y: number) => (await (await api("GET", `/api/v1/holidays?year=${y}`)).json<{ items: Entry[] }>()).items;
const entry = (items: Entry[], date: string) => items.find((item) => item.date === date);

/** `calendar_days` as a full recomputation from `holidays` and weekends would make it, for a range of days. */
async function recomputedCalendar(from: string, to: string) {
  const { results } = await env.DB.prepare(
    `WITH RECURSIVE days (day) AS (SELECT '2000-01-01' UNION ALL SELECT date(day, '+1 day') FROM days WHERE day < ?2),
       flagged AS (SELECT day, CASE WHEN EXISTS (SELECT 1 FROM holidays h WHERE h.date = days.day AND h.kind = 'working_day') THEN 1
         WHEN EXISTS (SELECT 1 FROM holidays h WHERE h.date = days.day) THEN 0 WHEN strftime('%w', day) IN ('0', '6') THEN 0 ELSE 1 END AS working FROM days),
       indexed AS (SELECT day, working, sum(working) OVER (ORDER BY day) AS working_index FROM flagged)
     SELECT day, working, working_index FROM indexed WHERE day >= ?1`,
  )
    .bind(from, to)
    .all();
  return results;
}
const storedCalendar = async (from: string, to: string) =>
  (await env.DB.prepare("SELECT day, working, working_index FROM calendar_days WHERE day BETWEEN ? AND ? ORDER BY day").bind(from, to).all()).results;

describe("the seeded calendar, corrected (DOMAIN.md, Counting days)", () => {
  it("2026: Friday 2/1 is a day off, paid back by working Saturday 10/1", async () => {
    const items = await year(2026);
    expect(entry(items, "2026-01-02")).toMatchObject({ kind: "day_off" });
    expect(entry(items, "2026-01-10")).toMatchObject({ kind: "working_day" });
  });

  it("2025: Saturday 26/4 was a working day", async () => {
    expect(entry(await year(2025), "2025-04-26")).toMatchObject({ kind: "working_day" });
  });

  it("2028: 30/4 is a Sunday, so Tuesday 2/5 is the day in lieu and 1/5 is Labour Day", async () => {
    const items = await year(2028);
    expect(entry(items, "2028-05-01")).toMatchObject({ name: "Quốc tế Lao động 1/5", kind: "day_off" });
    expect(entry(items, "2028-05-02")).toMatchObject({ kind: "day_off", provisional: true });
    expect(entry(items, "2028-05-02")?.name).toContain("30/4");
  });

  it("2030: Tết is Saturday 2/2 in Vietnam: Friday 1/2 is off, Friday 8/2 is not", async () => {
    const days = (await year(2030)).filter((item) => item.date.startsWith("2030-02")).map((item) => item.date);
    expect(days).toEqual(["2030-02-01", "2030-02-04", "2030-02-05", "2030-02-06", "2030-02-07"]);
  });

  it("calendar_days agrees with the holidays table from 2024 to 2031", async () => {
    expect(await storedCalendar("2024-01-01", "2031-12-31")).toEqual(await recomputedCalendar("2024-01-01", "2031-12-31"));
    expect(await env.DB.prepare("SELECT working FROM calendar_days WHERE day IN ('2026-01-02', '2026-01-10', '2030-02-08') ORDER BY day").all()).toMatchObject({
      results: [{ working: 0 }, { working: 1 }, { working: 1 }],
    });
  });
});

describe("working weekend days are calendar entries", () => {
  it("an administrator adds one on a weekend (and only there); each change keeps calendar_days in step", async () => {
    const saturday = "2031-03-08";
    const created = await api("PUT", `/api/v1/holidays/${saturday}`, { token: admin.token, body: { name: "Làm bù", kind: "working_day" } });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ date: saturday, name: "Làm bù", kind: "working_day", provisional: false, weekend: true });
    expect(entry(await year(2031), saturday)).toMatchObject({ kind: "working_day" });

    const weekday = await api("PUT", "/api/v1/holidays/2031-03-10", { token: admin.token, body: { name: "Làm bù", kind: "working_day" } });
    expect((await problemOf(weekday)).errors).toMatchObject([{ path: "kind", code: "holiday.working_day_on_weekday" }]);
    expect((await api("PUT", "/api/v1/holidays/2031-03-10", { token: admin.token, body: { name: "X", kind: "holiday" } })).status).toBe(400);

    const friday = "2031-03-07";
    expect((await api("PUT", `/api/v1/holidays/${friday}`, { token: admin.token, body: { name: "Nghỉ hoán đổi" } })).status).toBe(201);
    expect(await storedCalendar("2031-01-01", "2032-12-31")).toEqual(await recomputedCalendar("2031-01-01", "2032-12-31"));
    const version = async () => (await env.DB.prepare("SELECT version FROM calendar_state").first<number>("version")) ?? 0;
    const before = await version();
    // A new name is no calendar change: the version stays.
    await api("PUT", `/api/v1/holidays/${friday}`, { token: admin.token, body: { name: "Nghỉ hoán đổi (sửa)" } });
    expect(await version()).toBe(before);
    expect((await api("DELETE", `/api/v1/holidays/${saturday}`, { token: admin.token })).status).toBe(204);
    expect((await api("DELETE", `/api/v1/holidays/${friday}`, { token: admin.token })).status).toBe(204);
    expect(await version()).toBe(before + 2);
    expect(await storedCalendar("2031-01-01", "2032-12-31")).toEqual(await recomputedCalendar("2031-01-01", "2032-12-31"));
  });

  it("the admin page shows and saves the kind", async () => {
    const cookie = `sid=${admin.token}`;
    const page = await (await api("GET", "/admin/holidays?year=2026", { headers: { cookie } })).text();
    expect(page).toContain("10/01/2026");
    expect(page).toContain("Ngày làm bù");
    const saved = await api("POST", "/admin/holidays", {
      rawBody: new URLSearchParams({ date: "2032-01-10", name: "Làm bù", kind: "working_day" }).toString(),
      headers: { cookie, origin: "http://127.0.0.1", "content-type": "application/x-www-form-urlencoded" },
    });
    expect(saved.status).toBe(303);
    expect(await env.DB.prepare("SELECT kind FROM holidays WHERE date = '2032-01-10'").first("kind")).toBe("working_day");
    const refused = await api("POST", "/admin/holidays", {
      rawBody: new URLSearchParams({ date: addDays("2032-01-10", 2), name: "Làm bù", kind: "working_day" }).toString(),
      headers: { cookie, origin: "http://127.0.0.1", "content-type": "application/x-www-form-urlencoded" },
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật");
  });
});
