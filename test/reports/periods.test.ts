import { describe, expect, it } from "vitest";
import { instantBounds, localDay, startOfLocalDay } from "../../src/lib/dates";
import {
  contains,
  dayRange,
  hasEnded,
  instantRange,
  isLocalDay,
  monthPeriodOf,
  monthPeriodsOf,
  PERIOD_NAMES,
  type PeriodName,
  periodRange,
} from "../../src/reports/periods";

const range = (year: number, period: PeriodName, mode: "calendar" | "cutoff") => {
  const { from, to } = periodRange(year, period, mode);
  return [from, to];
};

describe("calendar periods", () => {
  it.each([
    ["M01", "2026-01-01", "2026-01-31"],
    ["M02", "2026-02-01", "2026-02-28"],
    ["M04", "2026-04-01", "2026-04-30"],
    ["M12", "2026-12-01", "2026-12-31"],
    ["Q1", "2026-01-01", "2026-03-31"],
    ["Q2", "2026-04-01", "2026-06-30"],
    ["Q3", "2026-07-01", "2026-09-30"],
    ["Q4", "2026-10-01", "2026-12-31"],
    ["H1", "2026-01-01", "2026-06-30"],
    ["M9", "2026-01-01", "2026-09-30"],
    ["year", "2026-01-01", "2026-12-31"],
  ] as const)("%s of 2026 is %s..%s", (period, from, to) => {
    expect(range(2026, period, "calendar")).toEqual([from, to]);
  });

  it("knows leap years", () => {
    expect(range(2028, "M02", "calendar")).toEqual(["2028-02-01", "2028-02-29"]);
    expect(range(2100, "M02", "calendar")).toEqual(["2100-02-01", "2100-02-28"]);
  });
});

describe("cut-off periods (15th of the month before to the 14th)", () => {
  it.each([
    ["M01", "2025-12-15", "2026-01-14"],
    ["M02", "2026-01-15", "2026-02-14"],
    ["M03", "2026-02-15", "2026-03-14"],
    ["M12", "2026-11-15", "2026-12-14"],
    ["Q1", "2025-12-15", "2026-03-14"],
    ["Q2", "2026-03-15", "2026-06-14"],
    ["Q3", "2026-06-15", "2026-09-14"],
    ["Q4", "2026-09-15", "2026-12-14"],
    ["H1", "2025-12-15", "2026-06-14"],
    ["M9", "2025-12-15", "2026-09-14"],
    ["year", "2025-12-15", "2026-12-14"],
  ] as const)("%s of 2026 is %s..%s", (period, from, to) => {
    expect(range(2026, period, "cutoff")).toEqual([from, to]);
  });

  it("tiles the year: the twelve months follow each other without gap or overlap, and make up the year", () => {
    for (const mode of ["calendar", "cutoff"] as const) {
      const months = monthPeriodsOf(2026, mode);
      const year = periodRange(2026, "year", mode);
      expect(months[0].from).toBe(year.from);
      expect(months[11].to).toBe(year.to);
      for (let index = 1; index < 12; index++) {
        const dayAfter = new Date(Date.parse(`${months[index - 1].to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        expect(months[index].from, `${mode} ${months[index].period}`).toBe(dayAfter);
      }
      // The next year's first month starts the day after this year's last.
      expect(periodRange(2027, "M01", mode).from).toBe(new Date(Date.parse(`${year.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
    }
  });

  it("every named period is a real range that starts before it ends", () => {
    for (const period of PERIOD_NAMES) {
      for (const mode of ["calendar", "cutoff"] as const) {
        const { from, to } = periodRange(2026, period, mode);
        expect(isLocalDay(from) && isLocalDay(to) && from < to, `${mode} ${period}`).toBe(true);
      }
    }
  });
});

describe("which month a day falls in", () => {
  it.each([
    ["2026-01-14", "cutoff", 2026, "M01"],
    ["2026-01-15", "cutoff", 2026, "M02"],
    ["2025-12-14", "cutoff", 2025, "M12"],
    ["2025-12-15", "cutoff", 2026, "M01"],
    ["2025-12-31", "cutoff", 2026, "M01"],
    ["2025-12-31", "calendar", 2025, "M12"],
    ["2026-01-01", "calendar", 2026, "M01"],
    ["2026-03-15", "cutoff", 2026, "M04"],
  ] as const)("%s (%s) is in %s %s", (day, mode, year, period) => {
    expect(monthPeriodOf(day, mode)).toEqual({ year, period });
    expect(contains(periodRange(year, period, mode), day)).toBe(true);
  });
});

describe("free ranges and whether a period has ended", () => {
  it("accepts real days in order, refuses the rest", () => {
    expect(dayRange("2026-01-01", "2026-01-01")).toEqual({ from: "2026-01-01", to: "2026-01-01" });
    expect(dayRange("2026-03-01", "2026-02-28")).toBeNull();
    expect(dayRange("2026-02-30", "2026-03-01")).toBeNull();
    expect(dayRange("2026-1-01", "2026-03-01")).toBeNull();
    expect(isLocalDay("2028-02-29")).toBe(true);
    expect(isLocalDay("2026-02-29")).toBe(false);
    expect(isLocalDay("2026-13-01")).toBe(false);
  });

  it("a period is still running on its last day and over the day after (pending until then)", () => {
    const q1 = periodRange(2026, "Q1", "cutoff");
    expect(hasEnded(q1, "2026-03-14")).toBe(false);
    expect(hasEnded(q1, "2026-03-15")).toBe(true);
    expect(hasEnded(q1, "2025-12-15")).toBe(false);
    const year = periodRange(2026, "year", "calendar");
    expect(hasEnded(year, "2026-12-31")).toBe(false);
    expect(hasEnded(year, "2027-01-01")).toBe(true);
  });

  it("judges 'ended' by the local day in Vietnam, not the UTC day", () => {
    const january = periodRange(2026, "M01", "calendar");
    // 31/01 23:30 in Hà Nội is still January; 01/02 00:30 is February, though UTC still says 31/01.
    expect(hasEnded(january, localDay(new Date("2026-01-31T16:30:00Z")))).toBe(false);
    expect(hasEnded(january, localDay(new Date("2026-01-31T17:30:00Z")))).toBe(true);
  });
});

describe("local days as UTC instants (Asia/Ho_Chi_Minh, +07:00)", () => {
  it("a local day starts at 17:00 UTC the day before", () => {
    expect(startOfLocalDay("2026-01-01")).toBe("2025-12-31T17:00:00.000Z");
    expect(startOfLocalDay("2026-03-01")).toBe("2026-02-28T17:00:00.000Z");
  });

  it("gives half-open bounds that keep the last moment of the last day and drop the next midnight", () => {
    const bounds = instantRange(periodRange(2026, "Q1", "cutoff"));
    expect(bounds).toEqual({ from: "2025-12-14T17:00:00.000Z", until: "2026-03-14T17:00:00.000Z" });
    const inside = (iso: string) => iso >= bounds.from && iso < bounds.until;
    expect(inside("2025-12-14T16:59:59.999Z")).toBe(false); // 14/12 23:59:59.999 local: the period before
    expect(inside("2025-12-14T17:00:00.000Z")).toBe(true); // 15/12 00:00 local
    expect(inside("2026-03-14T16:59:59.999Z")).toBe(true); // 14/03 23:59:59.999 local
    expect(inside("2026-03-14T17:00:00.000Z")).toBe(false); // 15/03 00:00 local
  });

  it("leaves an open end open: nothing before '' and nothing after '9999'", () => {
    expect(instantBounds({})).toEqual({ from: "", until: "9999" });
    expect(instantBounds({ to: "2026-03-31" })).toEqual({ from: "", until: "2026-03-31T17:00:00.000Z" });
    expect(instantBounds({ from: "2026-03-01" })).toEqual({ from: "2026-02-28T17:00:00.000Z", until: "9999" });
  });

  it("crosses month and year ends", () => {
    expect(instantRange({ from: "2026-12-31", to: "2026-12-31" })).toEqual({ from: "2026-12-30T17:00:00.000Z", until: "2026-12-31T17:00:00.000Z" });
    expect(instantRange(periodRange(2028, "M02", "calendar")).until).toBe("2028-02-29T17:00:00.000Z");
  });
});
