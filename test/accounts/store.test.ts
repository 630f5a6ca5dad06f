/** Store tier: the account queries against the real D1. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { accountWithUnitStatement, listAccountsStatement, toAccountWithUnit, toStoredAccounts, updateAccountStatement } from "../../src/accounts/store";
import { makeAccount, makeUnits, type TestUnits } from "../support/factory";

let units: TestUnits;
beforeAll(async () => {
  units = await makeUnits();
});

describe("accounts store", () => {
  it("loads an account with its current unit, or with the unit a change names", async () => {
    const staff = await makeAccount("commune_staff", units.commune);
    const current = toAccountWithUnit((await accountWithUnitStatement(env.DB, staff.id, undefined).first()) ?? undefined);
    expect(current?.account.email).toBe(staff.email);
    expect(current?.unit).toEqual({ level: "commune", validTo: null });
    const moving = toAccountWithUnit((await accountWithUnitStatement(env.DB, staff.id, units.province).first()) ?? undefined);
    expect(moving?.unit?.level).toBe("province");
    const removing = toAccountWithUnit((await accountWithUnitStatement(env.DB, staff.id, null).first()) ?? undefined);
    expect(removing?.unit).toBeNull();
    expect(toAccountWithUnit((await accountWithUnitStatement(env.DB, crypto.randomUUID(), undefined).first()) ?? undefined)).toBeNull();
  });

  it("lists by unit or province in email order, limit + 1", async () => {
    await makeAccount("commune_head", units.otherCommune);
    await makeAccount("commune_staff", units.otherCommune);
    await makeAccount("commune_staff", units.otherProvinceCommune);
    const province = toStoredAccounts(await listAccountsStatement(env.DB, { province: units.province }, 50, null).all());
    expect(province.every((account) => account.unitCode === units.commune || account.unitCode === units.otherCommune)).toBe(true);
    const page = toStoredAccounts(await listAccountsStatement(env.DB, { unit: units.otherCommune }, 1, null).all());
    expect(page).toHaveLength(2);
    expect(page[0].email < page[1].email).toBe(true);
  });

  it("ends the sessions of an account when asked, by moving its epoch", async () => {
    const head = await makeAccount("commune_head", units.commune);
    await updateAccountStatement(env.DB, head.id, { name: "Tên Mới", endSessions: true }).run();
    const row = toAccountWithUnit((await accountWithUnitStatement(env.DB, head.id, undefined).first()) ?? undefined);
    expect(row?.account).toMatchObject({ name: "Tên Mới", sessionEpoch: 1 });
  });
});
