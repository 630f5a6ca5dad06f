import { describe, expect, it } from "vitest";
import { roleUnitError } from "../../src/accounts/rules";
import { parseCsv } from "../../src/lib/csv";
import { type KnownUnit, parentLevelError, planUnitImport } from "../../src/units/rules";

describe("parentLevelError", () => {
  it.each([
    ["province", null, true],
    ["province", "province", false],
    ["district", "province", true],
    ["commune", "district", true],
    ["commune", "province", true],
    ["ward", "province", true],
    ["special_zone", "province", true],
    ["commune", "commune", false],
    ["commune", null, false],
    ["district", "district", false],
  ] as const)("%s under %s allowed: %s", (level, parent, allowed) => {
    expect(parentLevelError(level, parent) === null).toBe(allowed);
  });
});

describe("planUnitImport", () => {
  const stored = new Map<string, KnownUnit>([["33", { code: "33", level: "province", provinceCode: "33" }]]);
  const plan = (text: string) => planUnitImport(parseCsv(text), (code) => stored.get(code));

  it("derives each unit's province through parents in the file or in the database", () => {
    const result = plan("code,name,level,parent_code\n100,Xã A,commune,10\n10,Huyện B,district,01\n01,Tỉnh C,province,\n200,Phường D,ward,33");
    expect(result.errors).toEqual([]);
    expect(Object.fromEntries(result.units.map((unit) => [unit.code, unit.provinceCode]))).toEqual({ "100": "01", "10": "01", "01": "01", "200": "33" });
  });

  it("refuses a parent cycle rather than looping", () => {
    const result = plan("code,name,level,parent_code\nA,X,commune,B\nB,Y,commune,A");
    expect(result.units).toEqual([]);
    expect(result.errors.map((error) => error.line)).toEqual([2, 3]);
  });

  it("checks date order and column counts per line", () => {
    const result = plan("code,name,level,parent_code,valid_from,valid_to\nA,X,province,,2025-07-01,2025-06-30\nB,Y,province");
    expect(result.errors).toMatchObject([
      { line: 2, path: "validTo" },
      { line: 3, path: "row" },
    ]);
  });

  it("refuses an empty file and a file with only a header", () => {
    expect(plan("").errors[0].path).toBe("header");
    expect(plan("code,name,level,parent_code").errors[0].code).toBe("csv.no_rows");
  });
});

describe("roleUnitError", () => {
  const today = "2026-11-25";
  it("matches roles to unit levels and refuses ended units", () => {
    expect(roleUnitError("admin", null, today)).toBeNull();
    expect(roleUnitError("supervisor", { level: "province", validTo: null }, today)).toBeNull();
    expect(roleUnitError("supervisor", { level: "commune", validTo: null }, today)).not.toBeNull();
    expect(roleUnitError("commune_head", { level: "ward", validTo: null }, today)).toBeNull();
    expect(roleUnitError("commune_staff", { level: "special_zone", validTo: null }, today)).toBeNull();
    expect(roleUnitError("commune_staff", { level: "district", validTo: null }, today)).not.toBeNull();
    expect(roleUnitError("commune_head", { level: "commune", validTo: "2025-06-30" }, today)).not.toBeNull();
    expect(roleUnitError("commune_head", null, today)).not.toBeNull();
  });
});
