/** How a deadline stands, in the units people count it in: working days ahead, calendar days past. */
import type { Context } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/env";
import { calendarOf, type DeadlineStatus, deadlineStatus } from "../../src/holidays/rules";
import { catalog } from "../../src/messages";
import { deadlinePhrase } from "../../src/web/deadline";
import { makeTranslate } from "../../src/web/i18n";

// Tết Bính Ngọ 2026 (16–20/02) and Giỗ Tổ observed on Monday 27/04/2026.
const holidays = calendarOf(["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-04-27", "2026-04-30", "2026-05-01"]);

const cases: [today: string, due: string, expected: DeadlineStatus, vi: string, en: string][] = [
  ["2026-03-02", "2026-03-05", { state: "ahead", workingDays: 3, soon: true }, "còn 3 ngày làm việc", "3 working days left"],
  ["2026-03-02", "2026-03-03", { state: "ahead", workingDays: 1, soon: true }, "còn 1 ngày làm việc", "1 working day left"],
  ["2026-03-02", "2026-03-16", { state: "ahead", workingDays: 10, soon: false }, "còn 10 ngày làm việc", "10 working days left"],
  // Friday before a weekend: Monday is the next working day.
  ["2026-03-06", "2026-03-09", { state: "ahead", workingDays: 1, soon: true }, "còn 1 ngày làm việc", "1 working day left"],
  // Seen on a Saturday, due Monday: one working day left, not two days.
  ["2026-03-07", "2026-03-09", { state: "ahead", workingDays: 1, soon: true }, "còn 1 ngày làm việc", "1 working day left"],
  // Across Tết: 13/02 (Fri) to 24/02 (Tue) is only 2 working days (23 and 24).
  ["2026-02-13", "2026-02-24", { state: "ahead", workingDays: 2, soon: true }, "còn 2 ngày làm việc", "2 working days left"],
  // Across 27/04, 30/04 and 01/05.
  ["2026-04-24", "2026-05-04", { state: "ahead", workingDays: 3, soon: true }, "còn 3 ngày làm việc", "3 working days left"],
  ["2026-03-05", "2026-03-05", { state: "today" }, "hạn chót hôm nay", "due today"],
  ["2026-03-06", "2026-03-05", { state: "overdue", days: 1 }, "quá hạn 1 ngày", "1 day overdue"],
  // Past: every day the resident waits counts, weekend included.
  ["2026-03-09", "2026-03-06", { state: "overdue", days: 3 }, "quá hạn 3 ngày", "3 days overdue"],
  ["2026-02-23", "2026-02-13", { state: "overdue", days: 10 }, "quá hạn 10 ngày", "10 days overdue"],
];

const contextIn = (locale: "vi" | "en") => ({ get: () => makeTranslate(catalog, locale) }) as unknown as Context<AppEnv>;

describe("deadline status", () => {
  it.each(cases)("on %s, due %s", (today, due, expected, vi, en) => {
    const status = deadlineStatus(today, due, holidays);
    expect(status).toEqual(expected);
    expect(deadlinePhrase(contextIn("vi"), status)).toBe(vi);
    expect(deadlinePhrase(contextIn("en"), status)).toBe(en);
  });

  it("counts 'soon' in working days, with a threshold the caller may change", () => {
    expect(deadlineStatus("2026-03-02", "2026-03-06", holidays)).toMatchObject({ workingDays: 4, soon: false });
    expect(deadlineStatus("2026-03-02", "2026-03-06", holidays, 5)).toMatchObject({ workingDays: 4, soon: true });
  });
});

describe("the deadline beside a date", () => {
  it("shows the date as dd/mm/yyyy with its standing, red once passed and amber near the end", async () => {
    const { Deadline } = await import("../../src/web/deadline");
    const render = async (due: string, today: string) =>
      String(await Deadline({ c: contextIn("vi"), dueDay: due, status: deadlineStatus(today, due, holidays) }));
    expect(await render("2026-03-16", "2026-03-02")).toBe(
      '<span class="deadline"><time datetime="2026-03-16">16/03/2026</time> <span class="badge">còn 10 ngày làm việc</span></span>',
    );
    expect(await render("2026-03-05", "2026-03-04")).toContain('<span class="badge warn">còn 1 ngày làm việc</span>');
    expect(await render("2026-03-05", "2026-03-05")).toContain('<span class="badge warn">hạn chót hôm nay</span>');
    expect(await render("2026-03-05", "2026-03-09")).toContain('<span class="badge bad">quá hạn 4 ngày</span>');
  });
});
