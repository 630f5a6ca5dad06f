/** Store tier: the units a picker offers — by name in any order and without diacritics, or by code; in force; in scope. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { insertUnitStatement, toUnitChoices, type UnitChoiceQuery, unitPickerStatement } from "../../src/units/store";
import { makeUnits, type TestUnits, uniqueCode } from "../support/factory";

let units: TestUnits;
let ended: string;
const TODAY = "2026-03-02";

beforeAll(async () => {
  units = await makeUnits();
  ended = uniqueCode("E");
  await insertUnitStatement(env.DB, {
    code: ended,
    name: "Xã An Khê Cũ",
    level: "commune",
    parentCode: units.province,
    provinceCode: units.province,
    validTo: "2025-06-30",
  }).run();
});

const listed = async (query: Partial<UnitChoiceQuery>) => {
  const limit = query.limit ?? 20;
  const statement = unitPickerStatement(env.DB, { levels: ["commune", "ward", "special_zone"], onDay: TODAY, province: units.province, limit, ...query });
  return toUnitChoices(await statement.all(), limit);
};
const choices = async (query: Partial<UnitChoiceQuery>) => (await listed(query)).choices;
const names = async (query: Partial<UnitChoiceQuery>) => (await choices(query)).map((choice) => choice.name);

describe("unit choices", () => {
  it.each([["an khe"], ["An Khê"], ["AN KHE"], ["khê an"], ["  an   khe "], ["khe"]])("finds Xã An Khê for %j", async (q) => {
    expect(await names({ q })).toEqual(["Xã An Khê"]);
  });

  it("finds by the exact code too, and says plainly when nothing matches", async () => {
    expect(await names({ q: units.otherCommune })).toEqual(["Xã An Thái"]);
    expect(await names({ q: "khong co xa nay" })).toEqual([]);
    expect(await names({ q: "100%_" })).toEqual([]);
  });

  it("lists the province's communes in force, by name, with their province", async () => {
    expect(await choices({})).toEqual([
      { code: units.commune, name: "Xã An Khê", level: "commune", provinceName: "Tỉnh Thử" },
      { code: units.otherCommune, name: "Xã An Thái", level: "commune", provinceName: "Tỉnh Thử" },
    ]);
    expect(await names({ onDay: "2025-01-01" })).toEqual(["Xã An Khê", "Xã An Khê Cũ", "Xã An Thái"]);
    expect(await names({ province: units.otherProvince })).toEqual(["Xã Tiến Đức"]);
    expect(await names({ levels: ["province"], province: undefined, q: "tinh" })).toEqual(expect.arrayContaining(["Tỉnh Khác", "Tỉnh Thử"]));
  });

  it("keeps the chosen unit listed when no search is typed, and says when the list was cut", async () => {
    expect(await listed({ limit: 1 })).toMatchObject({ choices: [{ name: "Xã An Khê" }], more: true });
    expect(await listed({ limit: 2 })).toMatchObject({ more: false });
    expect(await listed({ limit: 1, include: units.otherCommune })).toMatchObject({ choices: [{ name: "Xã An Thái" }], more: true });
    // A search is a new question: the earlier choice does not ride along.
    expect(await names({ q: "tien duc", include: units.otherCommune, province: undefined })).toEqual(["Xã Tiến Đức"]);
  });
});
