import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/lib/csv";
import { planVillageImport } from "../../src/villages/rules";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";
import { roundTrips } from "../support/sessions";

let units: TestUnits;
let admin: TestAccount;
let head: TestAccount;
let staff: TestAccount;
let otherHead: TestAccount;
let supervisor: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  admin = await makeAccount("admin", null);
  head = await makeAccount("commune_head", units.commune);
  staff = await makeAccount("commune_staff", units.commune);
  otherHead = await makeAccount("commune_head", units.otherCommune);
  supervisor = await makeAccount("supervisor", units.province);
});

const path = (unit: string) => `/api/v1/units/${unit}/villages`;
type Village = { id: string; name: string; headName?: string | null; headPhone?: string | null };

describe("villages", () => {
  it("are added by the commune head in two round trips, listed to everyone in one, contacts only to officials", async () => {
    const created = await api("POST", path(units.commune), {
      token: head.token,
      body: { name: "Thôn Đông", headName: "Trần Văn Trưởng", headPhone: "+84912000111" },
    });
    expect(created.status).toBe(201);
    expect(roundTrips(created)).toBe(2);
    const village = await created.json<Village>();
    expect(village).toMatchObject({ name: "Thôn Đông", unitCode: units.commune, headName: "Trần Văn Trưởng", headPhone: "0912000111" });
    const publicList = await api("GET", path(units.commune));
    expect(roundTrips(publicList)).toBe(1);
    const items = (await publicList.json<{ items: Village[] }>()).items;
    expect(items).toContainEqual({ id: village.id, unitCode: units.commune, name: "Thôn Đông" });
    expect(JSON.stringify(items)).not.toContain("0912000111");
    for (const official of [head, staff, supervisor, admin]) {
      const list = (await (await api("GET", path(units.commune), { token: official.token })).json<{ items: Village[] }>()).items;
      expect(list.find((item) => item.id === village.id)).toMatchObject({ headPhone: "0912000111" });
    }
    const foreign = (await (await api("GET", path(units.commune), { token: otherHead.token })).json<{ items: Village[] }>()).items;
    expect(JSON.stringify(foreign)).not.toContain("0912000111");
    const audit = await env.DB.prepare("SELECT actor_id FROM audit_log WHERE action = 'village.create' AND target_id = ?")
      .bind(village.id)
      .first<string>("actor_id");
    expect(audit).toBe(head.id);
  });

  it("refuses a name the commune already has, compared without diacritics (409), and bad input (400)", async () => {
    await api("POST", path(units.commune), { token: head.token, body: { name: "Tổ dân phố Số 1" } });
    const again = await api("POST", path(units.commune), { token: head.token, body: { name: "TO DAN PHO so 1" } });
    expect(again.status).toBe(409);
    expect((await problemOf(again)).errors?.[0]).toMatchObject({ path: "name", code: "village.name_taken" });
    const bad = await api("POST", path(units.commune), { token: head.token, body: { name: "", headPhone: "12", headEmail: "x" } });
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).errors?.map((error) => error.code).sort()).toEqual(["contact.email_format", "contact.phone_format", "village.name_required"]);
  });

  it("are changed and removed by the head; others 403, another commune's head 404", async () => {
    const village = await (await api("POST", path(units.commune), { token: head.token, body: { name: "Thôn Nam" } })).json<Village>();
    const patched = await api("PATCH", `${path(units.commune)}/${village.id}`, { token: head.token, body: { headName: "Lò Văn Mới", headPhone: null } });
    expect(patched.status).toBe(200);
    expect(roundTrips(patched)).toBe(2);
    expect(await patched.json()).toMatchObject({ headName: "Lò Văn Mới", headPhone: null });
    expect((await api("PATCH", `${path(units.commune)}/${village.id}`, { token: staff.token, body: { name: "X" } })).status).toBe(403);
    expect((await api("PATCH", `${path(units.commune)}/${village.id}`, { token: otherHead.token, body: { name: "X" } })).status).toBe(404);
    expect((await api("DELETE", `${path(units.commune)}/${village.id}`, { token: otherHead.token })).status).toBe(404);
    expect((await api("PATCH", `${path(units.commune)}/${village.id}`, { token: head.token, body: {} })).status).toBe(400);
    const removed = await api("DELETE", `${path(units.commune)}/${village.id}`, { token: head.token });
    expect(removed.status).toBe(204);
    const list = (await (await api("GET", path(units.commune))).json<{ items: Village[] }>()).items;
    expect(list.map((item) => item.id)).not.toContain(village.id);
    expect((await api("DELETE", `${path(units.commune)}/${village.id}`, { token: head.token })).status).toBe(404);
    // The name is free again once removed.
    expect((await api("POST", path(units.commune), { token: head.token, body: { name: "Thôn Nam" } })).status).toBe(201);
  });

  it("import from CSV: all rows or none, known names updated", async () => {
    const csv = '\uFEFFname,head_name,head_phone,head_email\nThôn Bắc,Nguyễn Văn Bắc,0987000001,\n"Thôn Tây, khu 2",,,tay@example.vn\n';
    const response = await api("POST", `${path(units.otherCommune)}/import`, { token: otherHead.token, rawBody: csv, headers: { "content-type": "text/csv" } });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(2);
    expect(await response.json()).toEqual({ imported: 2, created: 2, updated: 0 });
    const update = await api("POST", `${path(units.otherCommune)}/import`, {
      token: otherHead.token,
      rawBody: "name,head_name\nthon bac,Trưởng Mới\nThôn Đoài,\n",
      headers: { "content-type": "text/csv" },
    });
    expect(await update.json()).toEqual({ imported: 2, created: 1, updated: 1 });
    const list = (await (await api("GET", path(units.otherCommune), { token: otherHead.token })).json<{ items: Village[] }>()).items;
    expect(list.map((item) => [item.name, item.headName])).toEqual([
      ["thon bac", "Trưởng Mới"],
      ["Thôn Đoài", null],
      ["Thôn Tây, khu 2", null],
    ]);
    const broken = await api("POST", `${path(units.otherCommune)}/import`, {
      token: otherHead.token,
      rawBody: "name,head_phone\nThôn Mới,0987000002\nThôn Lỗi,123\nThôn Mới,\n",
      headers: { "content-type": "text/csv" },
    });
    expect(broken.status).toBe(400);
    const problem = await problemOf(broken);
    expect(problem.errors?.map((error) => [error.line, error.path, error.code])).toEqual([
      [3, "head_phone", "contact.phone_format"],
      [4, "name", "village.csv_duplicate"],
    ]);
    const after = (await (await api("GET", path(units.otherCommune))).json<{ items: Village[] }>()).items;
    expect(after.map((item) => item.name)).not.toContain("Thôn Mới");
    expect(
      (await api("POST", `${path(units.commune)}/import`, { token: otherHead.token, rawBody: "name\nX\n", headers: { "content-type": "text/csv" } })).status,
    ).toBe(404);
    expect(
      (await api("POST", `${path(units.commune)}/import`, { token: head.token, rawBody: "{}", headers: { "content-type": "application/json" } })).status,
    ).toBe(415);
  });

  it("plans an import from the header on", () => {
    expect(planVillageImport(parseCsv("")).errors[0].code).toBe("csv.empty");
    expect(planVillageImport(parseCsv("ten\nA\n")).errors[0].code).toBe("village.csv_header");
    expect(planVillageImport(parseCsv("name\n")).errors[0].code).toBe("csv.no_rows");
    expect(planVillageImport(parseCsv("name,head_name\nA\n")).errors[0].code).toBe("csv.field_count");
    expect(planVillageImport(parseCsv("name\nThôn A\n")).villages).toEqual([{ name: "Thôn A", nameFolded: "thon a" }]);
  });

  it("belong to communes only", async () => {
    expect((await api("GET", path(units.province))).status).toBe(404);
    expect((await api("POST", path(units.province), { token: admin.token, body: { name: "X" } })).status).toBe(404);
  });
});

describe("the villages page", () => {
  it("lets the head add a village with the form and shows the list", async () => {
    const response = await api("POST", `/staff/villages/${units.commune}`, {
      rawBody: new URLSearchParams({ name: "Thôn Hạ", headName: "Bà Hạ", headPhone: "0912 888 999" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1", cookie: `sid=${head.token}`, accept: "text/html" },
    });
    expect(response.status).toBe(303);
    const page = await api("GET", `/staff/villages/${units.commune}`, { headers: { cookie: `sid=${staff.token}`, accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(roundTrips(page)).toBe(1);
    const html = await page.text();
    expect(html).toContain("Thôn Hạ");
    expect(html).toContain("0912888999");
    expect(html).not.toContain("Thêm thôn, tổ dân phố");
    expect((await api("GET", `/staff/villages/${units.commune}`, { headers: { cookie: `sid=${otherHead.token}`, accept: "text/html" } })).status).toBe(404);
  });
});
