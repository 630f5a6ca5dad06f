/** Store tier: the units queries against the real D1, each test with its own data. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { getKnownUnits, getUnit, insertUnitStatement, listCommunesForForm, listUnits, toUnit, upsertUnitsStatements } from "../../src/units/store";
import { makeUnits, type TestUnits, uniqueCode } from "../support/factory";

let units: TestUnits;
beforeAll(async () => {
  units = await makeUnits();
});

describe("units store", () => {
  it("reads one unit with its province, and none for an unknown code", async () => {
    expect(await getUnit(env.DB, units.commune)).toMatchObject({ code: units.commune, level: "commune", provinceCode: units.province });
    expect(await getUnit(env.DB, "NOPE")).toBeNull();
  });

  it("lists in code order with keyset pages and filters by folded name", async () => {
    const first = await listUnits(env.DB, { parent: units.province }, 1, null);
    expect(first).toHaveLength(2); // limit + 1: the caller can tell a page follows
    const next = await listUnits(env.DB, { parent: units.province }, 1, first[0].code);
    expect(next[0].code > first[0].code).toBe(true);
    const found = await listUnits(env.DB, { q: "an khe", province: units.province }, 10, null);
    expect(found.map(toUnit).map((unit) => unit.name)).toEqual(["Xã An Khê"]);
    expect(await listUnits(env.DB, { q: "100%_", province: units.province }, 10, null)).toEqual([]);
  });

  it("inserts once: a taken code changes no row", async () => {
    const code = uniqueCode("S");
    const unit = { code, name: "Tỉnh Một", level: "province" as const, provinceCode: code };
    expect((await insertUnitStatement(env.DB, unit).run()).meta.changes).toBe(1);
    expect((await insertUnitStatement(env.DB, { ...unit, name: "Khác" }).run()).meta.changes).toBe(0);
    expect((await getUnit(env.DB, code))?.name).toBe("Tỉnh Một");
  });

  it("upserts a list in JSON chunks, creating new codes and updating known ones", async () => {
    const created = uniqueCode("S");
    const planned = [
      { code: created, name: "Tỉnh Mới", level: "province" as const, provinceCode: created },
      { code: units.otherCommune, name: "Xã An Thái (đổi tên)", level: "commune" as const, parentCode: units.province, provinceCode: units.province },
    ];
    await env.DB.batch(upsertUnitsStatements(env.DB, planned));
    const known = await getKnownUnits(env.DB, [created, units.otherCommune, "NOPE"]);
    expect([...known.keys()].sort()).toEqual([created, units.otherCommune].sort());
    expect((await getUnit(env.DB, units.otherCommune))?.name).toBe("Xã An Thái (đổi tên)");
  });

  it("offers only commune-level units in force for the petition form", async () => {
    const ended = uniqueCode("S");
    await insertUnitStatement(env.DB, {
      code: ended,
      name: "Xã Đã Nhập",
      level: "commune",
      parentCode: units.province,
      validTo: "2025-06-30",
      provinceCode: units.province,
    }).run();
    const offered = await listCommunesForForm(env.DB, "2026-11-26", "xa");
    expect(offered.map((unit) => unit.code)).toContain(units.commune);
    expect(offered.map((unit) => unit.code)).not.toContain(ended);
    expect(offered.map((unit) => unit.code)).not.toContain(units.province);
  });
});
