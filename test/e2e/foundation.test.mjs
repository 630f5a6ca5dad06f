import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ADMIN, expectAccessible, launch, phonePage, signIn } from "./browser.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("the administrator creates a commune and its head, who then signs in", async () => {
  const page = await phonePage(browser);
  await page.goto("/");
  await expectAccessible(page, assert);
  await page.goto("/login");
  await expectAccessible(page, assert);
  await signIn(page, ADMIN.email, ADMIN.password);
  assert.match(await page.locator("main").innerText(), /Xin chào/);

  const code = `E2E${Date.now().toString(36)}`.slice(0, 20);
  await page.goto("/admin/units");
  await expectAccessible(page, assert);
  await page.getByLabel("Mã", { exact: true }).fill(code);
  await page.getByLabel("Tên", { exact: true }).fill("Xã Kiểm Thử");
  await page.getByLabel("Cấp", { exact: true }).selectOption("commune");
  await page.getByLabel("Đơn vị cấp trên").fill("DEMO-HY");
  await page.getByRole("button", { name: "Thêm đơn vị" }).click();
  await page.waitForURL(/created=/);
  assert.match(await page.getByRole("status").innerText(), new RegExp(`Đã thêm đơn vị ${code}`));

  await page.getByLabel("Tìm theo tên").fill("xa kiem thu");
  await page.getByRole("button", { name: "Tìm" }).click();
  assert.match(await page.locator("table").innerText(), /Xã Kiểm Thử/);

  const email = `chutich.${code.toLowerCase()}@test.local`;
  await page.goto("/admin/accounts");
  await expectAccessible(page, assert);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Họ tên").fill("Chủ Tịch Kiểm Thử");
  await page.getByLabel("Mật khẩu mới").fill("Head-pass-123");
  await page.getByLabel("Vai trò").selectOption("commune_head");
  await page.getByLabel("Mã đơn vị").fill(code);
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await page.waitForURL(/created=/);
  assert.match(await page.locator("table").innerText(), new RegExp(email.replace(/\./g, "\\.")));

  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await page.waitForURL("**/login");
  await signIn(page, email, "Head-pass-123");
  const main = await page.locator("main").innerText();
  assert.match(main, /Chủ Tịch Kiểm Thử/);
  assert.match(main, new RegExp(code));
  assert.match(main, /đơn quá hạn/, "a commune head's dashboard shows the petition figures");
  await expectAccessible(page, assert);
  assert.equal(await page.getByRole("link", { name: "Tài khoản" }).count(), 0, "a commune head sees no admin links");
  const forbidden = await page.goto("/admin/accounts");
  assert.equal(forbidden.status(), 403);
  await page.context().close();
});

test("a wrong password shows an error and the English switch is remembered", async () => {
  const page = await phonePage(browser);
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Mật khẩu").fill("wrong-password-1");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  assert.match(await page.getByRole("alert").innerText(), /không đúng/);
  await page.getByRole("link", { name: "English" }).click();
  await page.waitForURL("**/login");
  assert.equal(await page.getByRole("heading", { level: 1 }).innerText(), "Officials' sign-in");
  await page.goto("/");
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  await page.context().close();
});

test("the API reference works offline from the worker's own assets", async () => {
  const page = await phonePage(browser);
  const external = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(page.context()._options?.baseURL ?? "http://127.0.0.1")) external.push(request.url());
  });
  await page.goto("/docs");
  await page.getByText("Đối thoại API").first().waitFor({ timeout: 15_000 });
  assert.ok(await page.getByText("/api/v1/units").first().isVisible());
  assert.deepEqual(
    external.filter((url) => !url.startsWith("http://127.0.0.1") && !url.startsWith("data:")),
    [],
  );
  await page.context().close();
});
