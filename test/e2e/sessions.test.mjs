import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { demoSession } from "../../scripts/demo-data.mjs";
import { BASE_URL, clientHeaders, DEMO_PASSWORD, expectAccessible, launch, phonePage, signIn } from "./browser.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A resident's phone: 360 px wide, JavaScript off (the pages must work without it). */
async function residentPhone() {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    baseURL: BASE_URL,
    locale: "vi-VN",
    javaScriptEnabled: false,
    extraHTTPHeaders: clientHeaders(),
  });
  return context.newPage();
}

/** The value a `datetime-local` input takes for an instant, in Hà Nội time. */
const localInput = (iso) => new Date(Date.parse(iso) + 7 * 3_600_000).toISOString().slice(0, 16);

async function noHorizontalScroll(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no horizontal scrolling at 360 px (${width})`);
}

async function register(page, sessionId, name, phone) {
  await page.goto(`/sessions/${sessionId}`);
  await page.getByRole("link", { name: "Đăng ký dự" }).click();
  await page.getByLabel("Họ và tên").fill(name);
  await page.getByLabel("Số điện thoại").fill(phone);
  await page.getByRole("button", { name: "Đăng ký dự" }).click();
  await page.waitForURL(/\/registrations\/[2-9A-HJ-NP-Z]{10}\?new=1$/);
  return page.url().split("?")[0];
}

test("a head books and announces a session; residents register on a phone without JavaScript; a cancellation promotes the first waiting; the notice prints on A4 with a QR code", async () => {
  // The seeded session by its id: other browser tests add sessions of the same commune (some earlier than it).
  const demo = (await (await fetch(`${BASE_URL}/api/v1/sessions?unit=DEMO-HY-AK&limit=200`)).json()).items.find((item) => item.id === demoSession.id);
  assert.ok(demo, "the seeded session is listed");

  // The head books: the hall of the seeded session at its hour clashes, the next day is free.
  const head = await phonePage(browser);
  await signIn(head, "chutich.ankhe@demo.doithoai.vn", DEMO_PASSWORD);
  await head.goto("/staff/sessions");
  await expectAccessible(head, assert);
  await head.getByRole("link", { name: "Đặt lịch hội nghị" }).click();
  await expectAccessible(head, assert);
  const title = `Đối thoại về nước sạch ${Date.now().toString(36)}`;
  await head.getByLabel("Tên hội nghị").fill(title);
  await head.getByLabel("Ngày và giờ bắt đầu").fill(localInput(demo.startsAt));
  await head.getByLabel("Giờ kết thúc").fill("10:00");
  await head.getByLabel("Địa điểm (hội trường chính)").fill(demo.venue.name.toUpperCase());
  await head.getByLabel("Số chỗ ở hội trường chính").fill("1");
  await head.getByRole("button", { name: "Kiểm tra trùng lịch" }).click();
  assert.match(await head.getByRole("alert").innerText(), /Trùng lịch với hội nghị/);
  await expectAccessible(head, assert);
  const nextDay = new Date(Date.parse(demo.startsAt) + 86_400_000).toISOString();
  await head.getByLabel("Ngày và giờ bắt đầu").fill(localInput(nextDay));
  await head.getByRole("button", { name: "Kiểm tra trùng lịch" }).click();
  assert.match(await head.getByRole("status").innerText(), /Không trùng lịch/);
  await head.getByRole("button", { name: "Lưu lịch hội nghị" }).click();
  await head.waitForURL(/\/staff\/sessions\/[0-9a-f-]{36}\?done=book$/);
  const sessionId = new URL(head.url()).pathname.split("/")[3];
  await expectAccessible(head, assert);
  await head.getByRole("button", { name: "Thông báo hội nghị" }).click();
  await head.waitForURL(/done=publish/);
  assert.match(await head.locator("main").innerText(), /Đã thông báo/);

  // Two residents register on cheap phones without JavaScript: one seat, so the second waits.
  const first = await residentPhone();
  await first.goto(`/sessions/${sessionId}`);
  await noHorizontalScroll(first);
  const firstUrl = await register(first, sessionId, "Nguyễn Thị Một", "0912 345 001");
  assert.match(await first.locator(".big-code").innerText(), /^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
  assert.match(await first.locator("main").innerText(), /Đã có chỗ/);
  await noHorizontalScroll(first);
  // axe runs inside the page, so the same pages are checked once more with JavaScript on.
  const checker = await phonePage(browser);
  for (const path of ["/sessions", `/sessions/${sessionId}`, `/sessions/${sessionId}/register`, new URL(firstUrl).pathname]) {
    await checker.goto(path);
    await expectAccessible(checker, assert);
  }

  const second = await residentPhone();
  const secondUrl = await register(second, sessionId, "Trần Văn Hai", "+84912345002");
  assert.match(await second.locator("main").innerText(), /Đang chờ chỗ — thứ 1 trong danh sách chờ/);

  // The first cancels; the first waiting gets the seat at once.
  await first.goto(firstUrl);
  await first.getByRole("button", { name: "Hủy đăng ký" }).click();
  await first.waitForURL(/cancelled=1/);
  assert.match(await first.locator("main").innerText(), /Đã hủy/);
  await second.goto(secondUrl);
  assert.match(await second.locator("main").innerText(), /Đã có chỗ/);

  // The head sees who registered, by name.
  await head.goto(`/staff/sessions/${sessionId}`);
  const registrations = await head.getByRole("region", { name: "Người đăng ký" }).innerText();
  assert.match(registrations, /Trần Văn Hai/);
  assert.match(registrations, /Nguyễn Thị Một/);
  await expectAccessible(head, assert);

  // The notice: one A4 page, with a QR code that leads to the session's public page.
  const notice = await (await browser.newContext({ baseURL: BASE_URL, extraHTTPHeaders: clientHeaders() })).newPage();
  await notice.goto(`/sessions/${sessionId}/notice`);
  await expectAccessible(notice, assert);
  await notice.emulateMedia({ media: "print" });
  const pdf = (await notice.pdf({ format: "A4", preferCSSPageSize: true })).toString("latin1");
  assert.equal((pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length, 1, "the notice fits one A4 page");
  assert.match(pdf, /\/MediaBox \[0 0 59[45]\.\d+ 841\.\d+\]/, "A4 (595 × 842 pt)");
  const shot = PNG.sync.read(await notice.locator(".qr svg").screenshot());
  const decoded = jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height);
  assert.equal(decoded?.data, `${BASE_URL}/sessions/${sessionId}`);

  const announcement = await (await fetch(`${BASE_URL}/sessions/${sessionId}/announcement.txt`)).text();
  assert.match(announcement, new RegExp(title));
  for (const page of [head, first, second, notice, checker]) await page.context().close();
});
