// The administrator's and the officials' pages, walked as a person would: by labels and names, never typing a
// code or an id, at 1280 px and at 360 px, with and without JavaScript. Every page visited is axe-clean, never
// scrolls sideways, and leaves a screenshot in test-results/screenshots/.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ADMIN, BASE_URL, checkPage, DEMO_PASSWORD, launch, pageAt, signIn } from "./browser.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const stamp = () => Date.now().toString(36).slice(-5);

/** Presses a form's button and waits until the page the post answers with has loaded (its URL may not change). */
async function submitAndLoad(page, button) {
  const answered = page.waitForResponse((response) => response.request().method() === "POST" && response.request().isNavigationRequest());
  await button.click();
  await answered;
  await page.waitForLoadState("load");
}

/** Letters only, so the commune's name stays a plain name (search folds diacritics, not digits). */
const nameFor = (seed) => seed.replace(/[0-9]/g, (digit) => "abcdefghij"[Number(digit)]);

for (const { width, javaScript } of [
  { width: 1280, javaScript: true },
  { width: 360, javaScript: false },
]) {
  const how = `${width}px${javaScript ? "" : "-nojs"}`;

  test(`the administrator adds a commune and its chairperson by picking names (${how})`, async () => {
    const page = await pageAt(browser, width, { javaScript });
    const seed = nameFor(stamp());
    const commune = `Xã Kiểm Thử ${seed[0].toUpperCase()}${seed.slice(1)}`;
    await page.goto("/");
    await checkPage(page, assert, `admin-${how}-01-home`);
    assert.equal(await page.title(), "Đối thoại", "the home title says the name once");
    const favicon = await page.request.get(`${BASE_URL}/favicon.ico`);
    assert.equal(favicon.status(), 200);
    assert.equal(await page.evaluate(() => document.compatMode), "CSS1Compat", "standards mode");

    await page.goto("/login");
    await checkPage(page, assert, `admin-${how}-02-login`);
    await signIn(page, ADMIN.email, ADMIN.password);
    await checkPage(page, assert, `admin-${how}-03-dashboard`);

    await page.goto("/admin/units");
    await checkPage(page, assert, `admin-${how}-04-units`);
    await page.getByRole("link", { name: "Thêm đơn vị mới" }).click();
    await page.waitForURL("**/admin/units/new");
    await checkPage(page, assert, `admin-${how}-05-new-unit`);
    await page.getByLabel("Tên đơn vị").fill(commune);
    await page.getByLabel("Mã đơn vị").fill(`E2E${stamp()}${width}`);
    await page.getByLabel("Cấp", { exact: true }).selectOption({ label: "Xã" });
    const parent = page.getByRole("group", { name: /^Thuộc/ });
    await parent.getByLabel("Tìm theo tên").fill("hung yen");
    if (javaScript) await parent.getByText("Tìm thấy một đơn vị và đã chọn sẵn").waitFor();
    else await submitAndLoad(page, parent.getByRole("button", { name: "Tìm" }));
    assert.equal(await parent.getByLabel("Chọn trong danh sách").inputValue(), "DEMO-HY", "the only match is chosen");
    await checkPage(page, assert, `admin-${how}-06-new-unit-parent-found`);
    await page.getByRole("button", { name: "Thêm đơn vị" }).click();
    await page.waitForURL(/created=/);
    assert.equal(await page.getByRole("status").first().innerText(), `Đã thêm ${commune}.`);

    await page.goto("/admin/accounts");
    await checkPage(page, assert, `admin-${how}-07-accounts`);
    await page.getByRole("link", { name: "Tạo tài khoản mới" }).click();
    await page.waitForURL("**/admin/accounts/new");
    assert.equal(await page.getByLabel("Vai trò").inputValue(), "", "the role starts on no choice");
    await submitAndLoad(page, page.getByRole("button", { name: "Tạo tài khoản" }));
    const summary = page.locator(".error-summary");
    assert.match(await summary.innerText(), /Chọn vai trò của tài khoản\./);
    assert.equal(await page.evaluate(() => document.activeElement?.className), "error-summary", "the summary has the focus");
    assert.match(await page.title(), /^Lỗi: /);
    await checkPage(page, assert, `admin-${how}-08-new-account-errors`);
    await summary.getByRole("link", { name: "Nhập họ và tên." }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), "name", "the summary's link leads to the field");

    const email = `chutich.${seed}.${width}@test.local`;
    await page.getByLabel("Vai trò").selectOption({ label: "Chủ tịch UBND xã" });
    const unit = page.getByRole("group", { name: /^Đơn vị/ });
    await unit.getByLabel("Tìm theo tên").fill(
      commune
        .toLowerCase()
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .replace(/đ/g, "d"),
    );
    if (javaScript) await unit.getByText("Tìm thấy một đơn vị và đã chọn sẵn").waitFor();
    else {
      await submitAndLoad(page, unit.getByRole("button", { name: "Tìm" }));
      await unit.getByText("Tìm thấy một đơn vị và đã chọn sẵn").waitFor();
    }
    await page.getByLabel("Họ và tên").fill(`Chủ Tịch ${seed}`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Mật khẩu mới").fill("Head-pass-123");
    await checkPage(page, assert, `admin-${how}-09-new-account-filled`);
    await page.getByRole("button", { name: "Tạo tài khoản" }).click();
    await page.waitForURL(/created=/);
    assert.equal(await page.getByRole("status").first().innerText(), `Đã tạo tài khoản cho Chủ Tịch ${seed}.`);
    const row = page.locator("tr", { hasText: email });
    assert.match(await row.innerText(), new RegExp(`Chủ tịch UBND xã\\s+${commune}`));

    // Disabling asks first, on a page of its own.
    await row.getByRole("link", { name: `Khóa Chủ Tịch ${seed}` }).click();
    await page.waitForURL(/\/disable$/);
    assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), `Khóa tài khoản của Chủ Tịch ${seed}?`);
    await checkPage(page, assert, `admin-${how}-10-disable-confirm`);
    await page.getByRole("button", { name: "Có, khóa tài khoản" }).click();
    await page.waitForURL(/disabled=/);
    assert.equal(await page.getByRole("status").first().innerText(), `Đã khóa tài khoản của Chủ Tịch ${seed}.`);
    await page
      .locator("tr", { hasText: email })
      .getByRole("button", { name: /Mở khóa/ })
      .click();
    await page.waitForURL(/enabled=/);

    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.waitForURL("**/login");
    await signIn(page, email, "Head-pass-123");
    const main = await page.locator("main").innerText();
    assert.match(main, new RegExp(`Bạn đang làm việc với vai trò Chủ tịch UBND xã, ${commune}\\.`));
    assert.match(main, /đơn mới, chưa tiếp nhận/);
    await checkPage(page, assert, `admin-${how}-11-head-dashboard`);
    assert.equal(await page.getByRole("link", { name: "Tài khoản" }).count(), 0, "a commune head sees no admin links");
    const forbidden = await page.goto("/admin/accounts");
    assert.equal(forbidden.status(), 403);
    await checkPage(page, assert, `admin-${how}-12-forbidden`);
    await page.context().close();
  });

  test(`the calendar, the activity log and the password page (${how})`, async () => {
    const page = await pageAt(browser, width, { javaScript });
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto("/admin/holidays?year=2031");
    await checkPage(page, assert, `calendar-${how}-01-year`);
    const day = width === 1280 ? "2031-01-02" : "2031-01-03";
    await page.getByLabel("Ngày", { exact: true }).fill(day);
    await page.getByLabel("Tên ngày nghỉ").fill("Nghỉ thử");
    await page.getByRole("button", { name: "Lưu ngày nghỉ" }).click();
    await page.waitForURL(/saved=/);
    const shown = `${day.slice(8)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
    await page.getByRole("link", { name: `Xóa ${shown}` }).click();
    await page.waitForURL(/\/delete$/);
    await checkPage(page, assert, `calendar-${how}-02-delete-confirm`);
    await page.getByRole("button", { name: "Có, xóa ngày nghỉ" }).click();
    await page.waitForURL(/deleted=/);
    assert.equal(await page.getByRole("status").first().innerText(), `Đã xóa ngày nghỉ ${shown} khỏi lịch.`);

    await page.goto("/admin/audit");
    await checkPage(page, assert, `calendar-${how}-03-activity-log`);
    const log = await page.locator("main table").innerText();
    assert.match(log, new RegExp(`Lưu ngày nghỉ ${shown}: Nghỉ thử\\s+Xóa ngày nghỉ ${shown} khỏi lịch`), "one line for one person's steps on one day");

    await page.goto("/account/password");
    await submitAndLoad(page, page.getByRole("button", { name: "Đổi mật khẩu" }));
    assert.match(await page.locator(".error-summary").innerText(), /Nhập mật khẩu hiện tại\./);
    await checkPage(page, assert, `calendar-${how}-04-password-errors`);
    await page.context().close();
  });

  test(`a supervisor picks a commune by name on the dashboard (${how})`, async () => {
    const page = await pageAt(browser, width, { javaScript });
    await signIn(page, "giamsat@demo.doithoai.vn", DEMO_PASSWORD);
    await checkPage(page, assert, `supervisor-${how}-01-dashboard`);
    await page.getByLabel("Tìm theo tên").fill("an thai");
    if (javaScript) await page.getByText("Tìm thấy một đơn vị và đã chọn sẵn: Xã An Thái (minh họa).").waitFor();
    await page.getByRole("button", { name: "Xem số liệu" }).click();
    await page.waitForURL(/unit=/);
    assert.match(await page.locator("main").innerText(), /Đơn của Xã An Thái \(minh họa\)/);
    assert.doesNotMatch(await page.locator("main").innerText(), /DEMO-/);
    await checkPage(page, assert, `supervisor-${how}-02-one-commune`);
    await page.getByLabel("Tìm theo tên").fill("khong co xa nay");
    await page.getByRole("button", { name: "Xem số liệu" }).click();
    await page.waitForURL(/unitq=khong/);
    assert.match(await page.locator("main").innerText(), /Không tìm thấy đơn vị nào có tên “khong co xa nay”/);
    await page.context().close();
  });
}

test("with JavaScript turned off in the browser itself, an account is created by picking the unit's name", async () => {
  const page = await pageAt(browser, 360, { javaScript: false, noScript: "browser" });
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/admin/accounts/new");
  await page.getByLabel("Vai trò").selectOption({ label: "Cán bộ xã" });
  await page.getByLabel("Tìm theo tên").fill("an thai");
  await submitAndLoad(page, page.getByRole("button", { name: "Tìm" }));
  await page.getByText("Tìm thấy một đơn vị và đã chọn sẵn: Xã An Thái (minh họa)").waitFor();
  const email = `canbo.${stamp()}@test.local`;
  await page.getByLabel("Họ và tên").fill("Cán Bộ Không Script");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Mật khẩu mới").fill("Staff-pass-123");
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await page.waitForURL(/created=/);
  assert.match(await page.locator("tr", { hasText: email }).innerText(), /Cán bộ xã\s+Xã An Thái \(minh họa\)/);
  await page.context().close();
});

test("a wrong password shows an error by the field and the English switch is remembered", async () => {
  const page = await pageAt(browser, 360);
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Mật khẩu").fill("wrong-password-1");
  await submitAndLoad(page, page.getByRole("button", { name: "Đăng nhập" }));
  assert.match(await page.getByRole("alert").innerText(), /Email hoặc mật khẩu chưa đúng\./);
  assert.match(await page.locator("#password-error").innerText(), /Email hoặc mật khẩu chưa đúng\./);
  await checkPage(page, assert, "login-01-wrong-password");
  await page.getByRole("link", { name: "English" }).click();
  await page.waitForURL("**/login");
  assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), "Sign in for officials");
  await page.goto("/");
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  await checkPage(page, assert, "login-02-home-english");
  await page.context().close();
});

test("the API reference works offline from the worker's own assets", async () => {
  const page = await pageAt(browser, 360);
  const external = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(BASE_URL)) external.push(request.url());
  });
  await page.goto("/docs");
  await page.getByText("Đối thoại API").first().waitFor({ timeout: 15_000 });
  assert.ok(await page.getByText("/api/v1/units").first().isVisible());
  assert.deepEqual(
    external.filter((url) => !url.startsWith("data:")),
    [],
  );
  await page.context().close();
});
