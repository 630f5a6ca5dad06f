import { describe, expect, it } from "vitest";
import { formatDay, formatInstant, localDay } from "../../src/lib/dates";
import { foldDiacritics } from "../../src/lib/text";

describe("foldDiacritics", () => {
  it("folds Vietnamese marks and đ so plain typing finds names", () => {
    expect(foldDiacritics("Đường ngập ở xã Đông Trà")).toBe("duong ngap o xa dong tra");
    expect(foldDiacritics("  Tiến   Đức ")).toBe("tien duc");
    expect(foldDiacritics("Ỷ Lan, Quỳnh Phụ")).toBe("y lan, quynh phu");
  });
});

describe("dates in Asia/Ho_Chi_Minh", () => {
  it("takes the local day of an instant (UTC+7)", () => {
    expect(localDay(new Date("2026-03-01T16:59:59Z"))).toBe("2026-03-01");
    expect(localDay(new Date("2026-03-01T17:00:00Z"))).toBe("2026-03-02");
  });
  it("shows dd/mm/yyyy", () => {
    expect(formatDay("2026-03-02")).toBe("02/03/2026");
    expect(formatInstant("2026-03-01T17:30:00.000Z")).toBe("02/03/2026 00:30");
  });
});
