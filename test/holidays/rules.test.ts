import { describe, expect, it } from "vitest";
import { addCalendarDays, addWorkingDays, calendarOf, deadline, isOverdue, isWorkingDay, rollToWorkingDay, workingDaysLeft } from "../../src/holidays/rules";

// The announced days off of 2025–2026 that the examples cross (migrations 0003 and 0011), and the working Saturdays.
const holidays = calendarOf(
  [
    "2025-01-01",
    "2025-01-27",
    "2025-01-28",
    "2025-01-29",
    "2025-01-30",
    "2025-01-31",
    "2025-04-07",
    "2025-04-30",
    "2025-05-01",
    "2025-05-02",
    "2025-09-01",
    "2025-09-02",
    "2026-01-01",
    "2026-01-02",
    "2026-02-16",
    "2026-02-17",
    "2026-02-18",
    "2026-02-19",
    "2026-02-20",
    "2026-04-27",
    "2026-04-30",
    "2026-05-01",
    "2026-09-01",
    "2026-09-02",
  ],
  ["2025-04-26", "2026-01-10"],
);

describe("working days", () => {
  it("knows weekends and holidays", () => {
    expect(isWorkingDay("2026-03-02", holidays)).toBe(true); // Monday
    expect(isWorkingDay("2026-03-07", holidays)).toBe(false); // Saturday
    expect(isWorkingDay("2026-02-17", holidays)).toBe(false); // mùng 1 Tết
  });

  it("starts counting the day after the event", () => {
    // Received Monday 02/03/2026: 1 working day → Tuesday 03/03.
    expect(addWorkingDays("2026-03-02", 1, holidays)).toBe("2026-03-03");
    // Received Friday: 1 working day → Monday.
    expect(addWorkingDays("2026-03-06", 1, holidays)).toBe("2026-03-09");
  });

  it("10 working days across Tết Bính Ngọ (16–20/02/2026 off)", () => {
    // Received Wednesday 11/02/2026: 12, 13 Feb, then 23 Feb onwards → 10th working day is Wed 04/03/2026.
    expect(addWorkingDays("2026-02-11", 10, holidays)).toBe("2026-03-04");
  });

  it("10 working days across Tết Ất Tỵ (27–31/01/2025 off)", () => {
    // Received Friday 24/01/2025 → counting from Mon 03/02 → Fri 14/02/2025.
    expect(addWorkingDays("2025-01-24", 10, holidays)).toBe("2025-02-14");
  });

  it("across 30/4–1/5/2025 with the swapped 2/5", () => {
    // Received Tue 29/04/2025: 30/4, 1/5, 2/5 off, weekend → first working day Mon 05/05; 3 working days → Wed 07/05.
    expect(addWorkingDays("2025-04-29", 3, holidays)).toBe("2025-05-07");
  });

  it("across Quốc khánh 2025 (1–2/9 off)", () => {
    // Received Fri 29/08/2025: Sat, Sun, Mon, Tue off → Wed 03/09 is the first working day.
    expect(addWorkingDays("2025-08-29", 1, holidays)).toBe("2025-09-03");
    expect(addWorkingDays("2025-08-29", 15, holidays)).toBe("2025-09-23");
  });
});

describe("working weekend days (day swaps)", () => {
  it("Friday 2/1/2026 is off and Saturday 10/1/2026 is worked in exchange", () => {
    expect(isWorkingDay("2026-01-02", holidays)).toBe(false);
    expect(isWorkingDay("2026-01-10", holidays)).toBe(true);
    expect(isWorkingDay("2026-01-11", holidays)).toBe(false); // the Sunday stays off
    // Received Wed 31/12/2025: 1/1 and 2/1 off, weekend → Mon 5/1 … Fri 9/1 is the 5th, Sat 10/1 the 6th working day.
    expect(addWorkingDays("2025-12-31", 5, holidays)).toBe("2026-01-09");
    expect(addWorkingDays("2025-12-31", 6, holidays)).toBe("2026-01-10");
    expect(addWorkingDays("2025-12-31", 7, holidays)).toBe("2026-01-12");
    // A calendar period ending on the working Saturday stays there.
    expect(addCalendarDays("2025-12-31", 10, holidays)).toBe("2026-01-10");
  });

  it("Saturday 26/4/2025 was worked in exchange for Friday 2/5", () => {
    expect(isWorkingDay("2025-04-26", holidays)).toBe(true);
    expect(addWorkingDays("2025-04-25", 1, holidays)).toBe("2025-04-26");
  });

  it("without the working Saturday the same count ends later", () => {
    const withoutSwap = calendarOf([...holidays.daysOff]);
    expect(addWorkingDays("2025-12-31", 6, withoutSwap)).toBe("2026-01-12");
  });
});

describe("calendar days", () => {
  it("30 days that end on a working day stay there", () => {
    // Accepted Mon 02/03/2026 → 01/04/2026, a Wednesday.
    expect(addCalendarDays("2026-03-02", 30, holidays)).toBe("2026-04-01");
  });

  it("a deadline falling on a weekend moves to the next working day", () => {
    // Accepted Thu 05/03/2026 + 30 = Sat 04/04 → Mon 06/04.
    expect(addCalendarDays("2026-03-05", 30, holidays)).toBe("2026-04-06");
  });

  it("a deadline on 30/4 rolls over 30/4, 1/5 and the weekend", () => {
    // Accepted Tue 31/03/2026 + 30 = Thu 30/04 → Fri 1/5 off, weekend → Mon 04/05/2026.
    expect(addCalendarDays("2026-03-31", 30, holidays)).toBe("2026-05-04");
  });

  it("a deadline on mùng 1 Tết rolls to the first working day after Tết", () => {
    // Accepted Sun 18/01/2026 + 30 = Tue 17/02 → Mon 23/02/2026.
    expect(addCalendarDays("2026-01-18", 30, holidays)).toBe("2026-02-23");
  });

  it("a deadline on 2/9/2026 rolls to Thursday 3/9", () => {
    expect(addCalendarDays("2026-08-03", 30, holidays)).toBe("2026-09-03");
  });
});

describe("deadline helpers", () => {
  it("dispatches on the kind of days", () => {
    expect(deadline("2026-03-02", 15, "working", holidays)).toBe("2026-03-23");
    expect(deadline("2026-03-02", 15, "calendar", holidays)).toBe("2026-03-17");
  });

  it("rolls a holiday to the next working day", () => {
    expect(rollToWorkingDay("2026-04-27", holidays)).toBe("2026-04-28");
  });

  it("is overdue only after the whole due day (24:00)", () => {
    expect(isOverdue("2026-03-04", "2026-03-04")).toBe(false);
    expect(isOverdue("2026-03-04", "2026-03-05")).toBe(true);
  });

  it("counts working days left, negative when late", () => {
    expect(workingDaysLeft("2026-03-02", "2026-03-04", holidays)).toBe(2);
    expect(workingDaysLeft("2026-03-04", "2026-03-04", holidays)).toBe(0);
    expect(workingDaysLeft("2026-03-06", "2026-03-04", holidays)).toBe(-2);
    expect(workingDaysLeft("2026-02-13", "2026-02-24", holidays)).toBe(2);
  });
});
