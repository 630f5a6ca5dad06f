/** The units admin pages: names instead of codes, the parent picked by name, the time in force in words. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeUnits, type TestAccount, type TestUnits, uniqueCode } from "../support/factory";
import { getPage, makePerson, optionsOf, postForm } from "../support/pages";

let units: TestUnits;
let admin: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  admin = await makePerson("admin", null);
});

describe("units pages", () => {
  it("add a commune whose province is found by name, then list it with its province's name", async () => {
    const picker = await getPage("/admin/units/new?parentq=tinh+thu", admin);
    expect(optionsOf(picker.html, "parentCode").find(([, , selected]) => selected)).toEqual([units.province, "Tỉnh Thử", true]);
    expect(optionsOf(picker.html, "level")[0]).toEqual(["", "— Chọn cấp —", false]);
    // Required fields carry `required` and no mark; optional ones say so in their label.
    expect(picker.html).toContain('<label for="name">Tên đơn vị</label><input id="name" required=""');
    expect(picker.html).toContain(
      '<label for="validFrom">Có hiệu lực từ ngày<span class="optional"> (không bắt buộc)</span></label><input id="validFrom" name=',
    );
    expect(picker.html).toContain('<legend>Thuộc<span class="optional"> (không bắt buộc)</span></legend>');
    const code = uniqueCode("U");
    const done = await postForm(
      "/admin/units",
      { name: "Xã Hòa Bình", code, level: "commune", parentq: "tinh thu", parentCode: units.province, replacedq: "" },
      admin,
    );
    expect(done.status).toBe(303);
    expect(await env.DB.prepare("SELECT parent_code, province_code FROM units WHERE code = ?").bind(code).first()).toEqual({
      parent_code: units.province,
      province_code: units.province,
    });
    const list = await getPage(`${done.location}&q=hoa+binh`, admin);
    expect(list.text).toContain("Đã thêm Xã Hòa Bình.");
    expect(list.text).toContain("Xã Hòa Bình Xã Tỉnh Thử Đang hoạt động");
  });

  it("say when a unit ended and which unit took over, by name", async () => {
    const merged = uniqueCode("M");
    await api("POST", "/api/v1/units", {
      token: admin.token,
      body: { code: merged, name: "Xã Sáp Nhập", level: "commune", parentCode: units.province, validTo: "2025-06-30", replacedBy: units.commune },
    });
    expect((await getPage("/admin/units?q=sap+nhap", admin)).text).toContain("Xã Sáp Nhập Xã Tỉnh Thử Đến 30/06/2025, nay là Xã An Khê");
  });

  it("ask for a level and a name in words, by each field", async () => {
    const page = await postForm("/admin/units", { name: "", code: "", level: "" }, admin);
    expect(page.status).toBe(400);
    expect(page.html).toContain('<a href="#name">Nhập tên đơn vị.</a>');
    expect(page.html).toContain('<a href="#code">Nhập mã đơn vị.</a>');
    expect(page.html).toContain('<a href="#level">Chọn cấp của đơn vị (tỉnh, huyện, xã, phường hoặc đặc khu).</a>');
    const wrongParent = await postForm("/admin/units", { name: "Tỉnh Sai", code: uniqueCode("W"), level: "province", parentCode: units.province }, admin);
    expect(wrongParent.html).toContain('<a href="#parentCode">Đơn vị cấp này không thể trực thuộc đơn vị đã chọn. Hãy chọn đơn vị cấp trên phù hợp.</a>');
  });

  it("search for the parent without JavaScript, keeping the name typed and saving nothing", async () => {
    const code = uniqueCode("F");
    const page = await postForm("/admin/units", { find: "parentCode", name: "Xã Đang Gõ", code, level: "commune", parentq: "khong co" }, admin);
    expect(page.status).toBe(200);
    expect(page.html).toContain('value="Xã Đang Gõ"');
    expect(page.text).toContain("Không tìm thấy đơn vị nào có tên “khong co”.");
    expect(await env.DB.prepare("SELECT code FROM units WHERE code = ?").bind(code).first()).toBeNull();
  });
});
