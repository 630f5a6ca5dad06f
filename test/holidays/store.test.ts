/** Store tier: the calendar queries against the real D1. */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { deleteHolidayStatement, listHolidays, loadCalendar, putHolidayStatements } from "../../src/holidays/store";

describe("holidays store", () => {
  it("adds, reports whether the day existed, changes and removes a day", async () => {
    const day = { date: "2031-05-19", name: "Ngày thử", kind: "day_off" as const, provisional: true };
    const [existedBefore, write] = putHolidayStatements(env.DB, day);
    const [before] = await env.DB.batch([existedBefore, write]);
    expect(before.results).toEqual([]);
    const [existedAfter, rewrite] = putHolidayStatements(env.DB, { ...day, name: "Ngày thử (sửa)" });
    const [after] = await env.DB.batch([existedAfter, rewrite]);
    expect(after.results).toHaveLength(1);
    expect(await listHolidays(env.DB, 2031)).toContainEqual({ date: "2031-05-19", name: "Ngày thử (sửa)", kind: "day_off", provisional: true });
    expect((await loadCalendar(env.DB, "2031-05-01", "2031-05-31")).daysOff.has("2031-05-19")).toBe(true);
    expect((await deleteHolidayStatement(env.DB, day.date).run()).meta.changes).toBe(1);
    expect((await deleteHolidayStatement(env.DB, day.date).run()).meta.changes).toBe(0);
  });

  it("reads the seeded Tết 2026 days and the working Saturday 10/1/2026 as one range", async () => {
    const calendar = await loadCalendar(env.DB, "2026-01-01", "2026-02-28");
    expect(calendar.daysOff.has("2026-02-17")).toBe(true);
    expect(calendar.daysOff.has("2026-01-02")).toBe(true);
    expect(calendar.workingDays.has("2026-01-10")).toBe(true);
  });
});
