import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DEMO_PASSWORD, expectAccessible, launch, phonePage, signIn } from "./browser.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A 1×1 PNG, as a phone's camera file would arrive. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

test("a resident submits with a photo on a phone, staff drafts, the head publishes, the resident confirms", async () => {
  const resident = await phonePage(browser);
  let dialogs = 0;
  resident.on("dialog", async (dialog) => {
    dialogs += 1;
    await dialog.dismiss();
  });
  await resident.goto("/petitions/new");
  await expectAccessible(resident, assert);
  await resident.getByLabel("Tìm xã, phường").fill("an khe");
  await resident.getByLabel("Xã, phường nhận đơn").selectOption({ label: "Xã An Khê (minh họa)" });
  await resident.getByLabel("Lĩnh vực").selectOption("ha-tang");
  const title = `Đường ngập <script>alert("x")</script> ${Date.now()}`;
  await resident.getByLabel("Tiêu đề").fill(title);
  await resident.getByLabel("Nội dung").fill("Đoạn đường trước nhà văn hóa thôn Đông ngập sâu sau mưa, xe máy không qua được.");
  await resident.getByLabel(/^Ảnh/).setInputFiles({ name: "duong-ngap.png", mimeType: "image/png", buffer: PNG });
  await resident.getByLabel("Họ và tên").fill("Nguyễn Thị Bình");
  await resident.getByLabel("Số điện thoại").fill("0912 345 678");
  await resident.getByLabel(/Tôi đồng ý/).check();
  await resident.getByRole("button", { name: "Gửi đơn" }).click();
  await resident.waitForURL(/\/track\/[2-9A-HJ-NP-Z]{12}\?new=1$/);
  const code = await resident.locator(".big-code").textContent();
  assert.match(code, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
  assert.ok((await resident.getByText(title).count()) > 0, "the title shows as text");
  assert.equal(dialogs, 0, "no script ran");
  await expectAccessible(resident, assert);
  const scrollWidth = await resident.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= 360, `no horizontal scrolling at 360 px (${scrollWidth})`);

  await resident.goto("/track");
  await resident.getByLabel("Mã theo dõi").fill(code.toLowerCase());
  await resident.getByRole("button", { name: "Tra cứu" }).click();
  await resident.waitForURL(/\/track\/[2-9A-HJ-NP-Z]{12}$/);
  assert.match(await resident.locator("main").innerText(), /Đã tiếp nhận/);

  const staff = await phonePage(browser);
  await signIn(staff, "canbo.ankhe@demo.doithoai.vn", DEMO_PASSWORD);
  await staff.goto(`/staff/petitions?q=${encodeURIComponent("duong ngap")}`);
  await expectAccessible(staff, assert);
  await staff.getByRole("link", { name: title }).click();
  assert.equal(await staff.locator(".photos img").count(), 1);
  assert.match(await staff.locator("main").innerText(), /Nguyễn Thị Bình/);
  await expectAccessible(staff, assert);
  await staff.getByRole("button", { name: "Thụ lý" }).click();
  await staff.getByRole("button", { name: "Bắt đầu giải quyết" }).click();
  await staff.getByRole("form", { name: "Lưu dự thảo trả lời" }).getByLabel("Nội dung").fill("UBND xã sẽ nạo vét cống thôn Đông trong tuần này.");
  await staff.getByRole("button", { name: "Lưu dự thảo trả lời" }).click();
  assert.equal(await staff.getByRole("button", { name: "Ban hành trả lời" }).count(), 0, "staff cannot publish an answer");
  const petitionUrl = staff.url().split("?")[0];

  const head = await phonePage(browser);
  await signIn(head, "chutich.ankhe@demo.doithoai.vn", DEMO_PASSWORD);
  await head.goto(petitionUrl);
  const answerBox = head.getByRole("form", { name: "Ban hành trả lời" }).getByLabel("Nội dung");
  assert.equal(await answerBox.inputValue(), "UBND xã sẽ nạo vét cống thôn Đông trong tuần này.", "the draft is prefilled");
  await head.getByRole("button", { name: "Ban hành trả lời" }).click();
  await head.waitForURL(/done=answer/);

  await resident.reload();
  assert.match(await resident.locator("main").innerText(), /nạo vét cống thôn Đông/);
  await resident.getByLabel("Hài lòng, vấn đề đã được giải quyết").check();
  await resident.getByRole("button", { name: "Gửi ý kiến" }).click();
  await resident.waitForURL(/thanks=1/);
  assert.match(await resident.locator("main").innerText(), /Đã giải quyết xong/);
  for (const page of [resident, staff, head]) await page.context().close();
});

test("a supervisor sees the province's inbox and no action buttons", async () => {
  const page = await phonePage(browser);
  await signIn(page, "giamsat@demo.doithoai.vn", DEMO_PASSWORD);
  await page.goto("/staff/petitions");
  await expectAccessible(page, assert);
  const first = page.locator("table a").first();
  if ((await first.count()) > 0) {
    await first.click();
    assert.equal(await page.getByRole("heading", { name: "Xử lý", exact: true }).count(), 0);
  }
  await page.context().close();
});
