/** The accounts admin pages: a unit picked by name, a role chosen on purpose, errors the GOV.UK way, disabling confirmed. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { makeUnits, type TestAccount, type TestUnits, uniqueCode } from "../support/factory";
import { getPage, makePerson, optionsOf, postForm } from "../support/pages";

let units: TestUnits;
let admin: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  admin = await makePerson("admin", null);
});

const accountByEmail = (email: string) =>
  env.DB.prepare("SELECT id, name, role, unit_code, disabled FROM accounts WHERE email = ?")
    .bind(email)
    .first<{ id: string; unit_code: string; disabled: number }>();

describe("creating an account", () => {
  it("starts on no role, and finds the unit by name: one match is chosen already", async () => {
    const blank = await getPage("/admin/accounts/new", admin);
    expect(optionsOf(blank.html, "role")[0]).toEqual(["", "— Chọn vai trò —", false]);
    expect(optionsOf(blank.html, "role").some(([, , selected]) => selected)).toBe(false);
    const found = await getPage("/admin/accounts/new?unitq=an+khe", admin);
    expect(found.text).toContain("Tìm thấy một đơn vị và đã chọn sẵn: Xã An Khê — Tỉnh Thử.");
    expect(optionsOf(found.html, "unitCode").filter(([, , selected]) => selected)).toEqual([[units.commune, "Xã An Khê — Tỉnh Thử", true]]);
    const several = await getPage("/admin/accounts/new?unitq=xa+an", admin);
    expect(several.text).toContain("Tìm thấy 2 đơn vị. Hãy chọn một đơn vị trong danh sách.");
    expect(optionsOf(several.html, "unitCode").some(([, , selected]) => selected)).toBe(false);
    const none = await getPage("/admin/accounts/new?unitq=khong+co", admin);
    expect(none.text).toContain("Không tìm thấy đơn vị nào có tên “khong co”.");
  });

  it("without JavaScript, the form's search button lists the matches and keeps what was typed, saving nothing", async () => {
    const email = `${uniqueCode("s").toLowerCase()}@test.local`;
    const page = await postForm(
      "/admin/accounts",
      { find: "unitCode", unitq: "an thai", role: "commune_staff", name: "Phạm Thị Tìm", email, password: "Mat-khau-123" },
      admin,
    );
    expect(page.status).toBe(200);
    expect(page.html).toContain(`value="Phạm Thị Tìm"`);
    expect(page.html).not.toContain("Mat-khau-123");
    expect(optionsOf(page.html, "role").find(([, , selected]) => selected)?.[0]).toBe("commune_staff");
    expect(optionsOf(page.html, "unitCode").find(([, , selected]) => selected)?.[0]).toBe(units.otherCommune);
    expect(await accountByEmail(email)).toBeNull();
  });

  it("creates the account with the unit picked, and the list names the person and the unit", async () => {
    const email = `${uniqueCode("c").toLowerCase()}@test.local`;
    const done = await postForm(
      "/admin/accounts",
      { role: "commune_head", unitq: "an khe", unitCode: units.commune, name: "Đinh Văn Mới", email, password: "Mat-khau-123" },
      admin,
    );
    expect(done.status).toBe(303);
    const account = await accountByEmail(email);
    expect(account).toMatchObject({ role: "commune_head", unit_code: units.commune, disabled: 0 });
    expect(done.location).toBe(`/admin/accounts?created=${account?.id}`);
    const list = await getPage(done.location ?? "", admin);
    expect(list.text).toContain("Đã tạo tài khoản cho Đinh Văn Mới.");
    expect(list.text).toMatch(/Đinh Văn Mới .*@test\.local Chủ tịch UBND xã Xã An Khê Đang hoạt động/);
  });

  it("shows what is missing in a summary linking to each field, and beside each field", async () => {
    const page = await postForm("/admin/accounts", { role: "", unitCode: "", name: "", email: "", password: "" }, admin);
    expect(page.status).toBe(400);
    expect(page.html).toContain("<title>Lỗi: Tạo tài khoản mới – Đối thoại</title>");
    const summary = page.html.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0] ?? "";
    expect(summary).toContain("autofocus");
    expect(summary).toContain("Có lỗi cần sửa");
    for (const [id, words] of [
      ["role", "Chọn vai trò của tài khoản."],
      ["name", "Nhập họ và tên."],
      ["email", "Nhập địa chỉ email."],
      ["password", "Nhập mật khẩu mới."],
    ]) {
      expect(summary).toContain(`<a href="#${id}">${words}</a>`);
      expect(page.html).toContain(`<p class="field-error" id="${id}-error"><span class="visually-hidden">Lỗi: </span>${words}</p>`);
      expect(page.html).toMatch(new RegExp(`id="${id}"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*${id}-error`));
    }
  });

  it("says which unit fits the role, by the unit picker", async () => {
    const page = await postForm(
      "/admin/accounts",
      { role: "commune_head", unitCode: units.province, name: "Người Thử", email: `${uniqueCode("r").toLowerCase()}@test.local`, password: "Mat-khau-123" },
      admin,
    );
    expect(page.status).toBe(400);
    expect(page.html).toContain('<a href="#unitCode">Chủ tịch và cán bộ xã thuộc một xã, phường hoặc đặc khu: hãy chọn xã.</a>');
    // The chosen province stays chosen, listed even though no search was typed.
    expect(optionsOf(page.html, "unitCode").find(([, , selected]) => selected)?.[0]).toBe(units.province);
  });

  it("answers in English on an English page, with no Vietnamese in the errors", async () => {
    const page = await postForm("/admin/accounts", { role: "", name: "", email: "x", password: "" }, admin, "en");
    expect(page.text).toContain("There is a problem");
    expect(page.text).toContain("Choose the account's role.");
    expect(page.text).toContain("Enter an email address like name@example.vn.");
  });
});

describe("disabling an account", () => {
  it("asks first, on a page of its own that needs no script, then disables and says whose account it was", async () => {
    const person = await makePerson("commune_staff", units.commune);
    const list = await getPage("/admin/accounts", admin);
    expect(list.html).toContain(`<a href="/admin/accounts/${person.id}/disable">Khóa<span class="visually-hidden"> Lê Thị Cán Bộ</span></a>`);
    const step = await getPage(`/admin/accounts/${person.id}/disable`, admin);
    expect(step.html).toContain("<h1>Khóa tài khoản của Lê Thị Cán Bộ?</h1>");
    expect(step.text).toContain("Người này bị đăng xuất ngay và không đăng nhập được cho đến khi được mở khóa.");
    expect(step.html).toContain(
      `<form method="post" action="/admin/accounts/${person.id}/status" class="stack" novalidate=""><input type="hidden" name="disabled" value="1"/>`,
    );
    expect(step.html).toContain('<button type="submit" class="danger">Có, khóa tài khoản</button><a href="/admin/accounts">Không, quay lại</a>');
    expect((await accountByEmail(person.email))?.disabled, "asking changes nothing").toBe(0);
    const done = await postForm(`/admin/accounts/${person.id}/status`, { disabled: "1" }, admin);
    expect(done.status).toBe(303);
    expect((await accountByEmail(person.email))?.disabled).toBe(1);
    expect((await getPage(done.location ?? "", admin)).text).toContain("Đã khóa tài khoản của Lê Thị Cán Bộ.");
    const enabled = await postForm(`/admin/accounts/${person.id}/status`, { disabled: "0" }, admin);
    expect((await getPage(enabled.location ?? "", admin)).text).toContain("Đã mở khóa tài khoản của Lê Thị Cán Bộ.");
    expect((await accountByEmail(person.email))?.disabled).toBe(0);
  });

  it("offers no way to disable oneself, and refuses it if asked anyway", async () => {
    expect((await getPage("/admin/accounts", admin)).html).not.toContain(`/admin/accounts/${admin.id}/disable`);
    const page = await postForm(`/admin/accounts/${admin.id}/status`, { disabled: "1" }, admin);
    expect(page.status).toBe(409);
    expect(page.text).toContain("Bạn không thể tự khóa tài khoản của mình hoặc tự bỏ quyền quản trị.");
    expect((await accountByEmail(admin.email))?.disabled).toBe(0);
  });
});

describe("the error summary", () => {
  it("lists the errors in the order of the fields on the page", async () => {
    const page = await postForm("/admin/accounts", { role: "", unitCode: "", name: "", email: "", password: "" }, admin);
    const links = [...page.html.matchAll(/<li><a href="#([^"]+)">/g)].map((match) => match[1]);
    expect(links).toEqual(["role", "name", "email", "password"]);
  });
});
