import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "../../src/holidays/rules";
import { localDay } from "../../src/lib/dates";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";
import { actOk, submit } from "../support/petitions";

let units: TestUnits;
let admin: TestAccount;
let staff: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  admin = await makeAccount("admin", null);
  staff = await makeAccount("commune_staff", units.commune);
});

describe("holidays", () => {
  it("lists the seeded years, announced and provisional", async () => {
    const y2026 = await (await api("GET", "/api/v1/holidays?year=2026")).json<{ items: { date: string; provisional: boolean }[] }>();
    expect(y2026.items.map((day) => day.date)).toEqual(
      expect.arrayContaining(["2026-01-01", "2026-02-17", "2026-04-27", "2026-04-30", "2026-05-01", "2026-09-02"]),
    );
    const y2029 = await (await api("GET", "/api/v1/holidays?year=2029")).json<{ items: { provisional: boolean }[] }>();
    expect(y2029.items.length).toBeGreaterThan(8);
    expect(y2029.items.every((day) => day.provisional)).toBe(true);
  });

  it("an administrator's new holiday moves the deadlines computed after it", async () => {
    const before = await submit(units.commune);
    const tomorrowOn = addDays(localDay(), 1);
    for (let offset = 1; offset <= 20; offset++) {
      const response = await api("PUT", `/api/v1/holidays/${addDays(localDay(), offset)}`, { token: admin.token, body: { name: "Nghỉ thử nghiệm" } });
      expect([200, 201]).toContain(response.status);
    }
    const after = await submit(units.commune);
    expect(after.acknowledgeBy > before.acknowledgeBy).toBe(true);
    expect(after.acknowledgeBy > addDays(localDay(), 20)).toBe(true);
    expect((await api("DELETE", `/api/v1/holidays/${tomorrowOn}`, { token: admin.token })).status).toBe(204);
    expect((await api("DELETE", `/api/v1/holidays/${tomorrowOn}`, { token: admin.token })).status).toBe(404);
    for (let offset = 2; offset <= 20; offset++) await api("DELETE", `/api/v1/holidays/${addDays(localDay(), offset)}`, { token: admin.token });
  });

  it("validates and guards: admin only, real dates, a name", async () => {
    expect((await api("PUT", "/api/v1/holidays/2026-12-31", { token: staff.token, body: { name: "X" } })).status).toBe(403);
    expect((await problemOf(await api("PUT", "/api/v1/holidays/2026-02-30", { token: admin.token, body: { name: "X" } }))).errors?.[0].path).toBe("date");
    expect((await problemOf(await api("PUT", "/api/v1/holidays/2026-12-31", { token: admin.token, body: { name: "" } }))).errors?.[0].path).toBe("name");
    expect(await env.DB.prepare("SELECT date FROM holidays WHERE date = '2026-12-31'").first()).toBeNull();
  });
});

describe("time limits", () => {
  it("a province's own limit applies to its petitions; the national default elsewhere", async () => {
    const response = await api("PUT", `/api/v1/time-limits/${units.province}/recommendation`, { token: admin.token, body: { days: 60, dayKind: "calendar" } });
    expect(response.status).toBe(200);
    const items = (await response.json<{ items: { rule: string; days: number; overridden: boolean }[] }>()).items;
    expect(items.find((item) => item.rule === "recommendation")).toMatchObject({ days: 60, overridden: true });
    expect(items.find((item) => item.rule === "complaint")).toMatchObject({ days: 30, overridden: false });

    const here = await submit(units.commune);
    await actOk(staff.token, here.id, { action: "classify", kind: "recommendation" });
    const accepted = await actOk(staff.token, here.id, { action: "accept" });
    expect((accepted.resolveBy as string) >= addDays(localDay(), 60)).toBe(true);

    const elsewhereStaff = await makeAccount("commune_staff", units.otherProvinceCommune);
    const elsewhere = await submit(units.otherProvinceCommune);
    await actOk(elsewhereStaff.token, elsewhere.id, { action: "classify", kind: "recommendation" });
    const other = await actOk(elsewhereStaff.token, elsewhere.id, { action: "accept" });
    expect((other.resolveBy as string) < addDays(localDay(), 40)).toBe(true);
  });

  it("refuses a commune as a province, bad values and non-administrators", async () => {
    expect(
      (await problemOf(await api("PUT", `/api/v1/time-limits/${units.commune}/feedback`, { token: admin.token, body: { days: 10, dayKind: "working" } })))
        .errors?.[0].path,
    ).toBe("province");
    expect((await api("PUT", "/api/v1/time-limits/*/feedback", { token: admin.token, body: { days: 0, dayKind: "weekly" } })).status).toBe(400);
    expect((await api("PUT", "/api/v1/time-limits/*/nonsense", { token: admin.token, body: { days: 10, dayKind: "working" } })).status).toBe(400);
    expect((await api("PUT", "/api/v1/time-limits/*/feedback", { token: staff.token, body: { days: 10, dayKind: "working" } })).status).toBe(403);
  });
});

describe("categories", () => {
  it("are public to read and administrators add them; a duplicate is 409", async () => {
    const list = await (await api("GET", "/api/v1/categories")).json<{ items: { code: string }[] }>();
    expect(list.items.map((item) => item.code)).toContain("ha-tang");
    expect((await api("POST", "/api/v1/categories", { token: admin.token, body: { code: "nuoc-sach", name: "Nước sạch" } })).status).toBe(201);
    expect((await api("POST", "/api/v1/categories", { token: admin.token, body: { code: "nuoc-sach", name: "Nước sạch" } })).status).toBe(409);
    expect((await api("POST", "/api/v1/categories", { token: staff.token, body: { code: "x", name: "X" } })).status).toBe(403);
    expect((await api("POST", "/api/v1/categories", { token: admin.token, body: { code: "Có Dấu", name: "X" } })).status).toBe(400);
  });
});

describe("admin pages for the calendar", () => {
  it("show holidays and time limits, and save a holiday from the form", async () => {
    const cookie = `sid=${admin.token}`;
    expect(await (await api("GET", "/admin/holidays?year=2026", { headers: { cookie } })).text()).toContain("17/02/2026");
    expect(await (await api("GET", "/admin/time-limits", { headers: { cookie } })).text()).toContain("Mỗi lần gia hạn giải quyết tố cáo");
    const saved = await api("POST", "/admin/holidays", {
      rawBody: new URLSearchParams({ date: "2030-11-24", name: "Ngày Văn hóa", provisional: "on" }).toString(),
      headers: { cookie, origin: "http://127.0.0.1", "content-type": "application/x-www-form-urlencoded" },
    });
    expect(saved.status).toBe(303);
    expect(await env.DB.prepare("SELECT name, provisional FROM holidays WHERE date = '2030-11-24'").first()).toEqual({ name: "Ngày Văn hóa", provisional: 1 });
    const limit = await api("POST", "/admin/time-limits", {
      rawBody: new URLSearchParams({ province: "*", rule: "feedback", days: "12", dayKind: "working" }).toString(),
      headers: { cookie, origin: "http://127.0.0.1", "content-type": "application/x-www-form-urlencoded" },
    });
    expect(limit.status).toBe(303);
    expect(
      await env.DB.prepare("SELECT days FROM time_limits WHERE province_code = '*' AND rule = 'feedback' AND effective_from = ?").bind(localDay()).first(),
    ).toEqual({
      days: 12,
    });
  });
});
