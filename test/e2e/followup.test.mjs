import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { BASE_URL, clientHeaders, DEMO_PASSWORD, expectAccessible, launch, phonePage, signIn, signInApi } from "./browser.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const call = async (token, method, path, body, headers = {}) => {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { "content-type": "application/json", ...clientHeaders(), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
};

/** A resident's phone: 360 px wide, JavaScript off. */
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

async function noHorizontalScroll(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no horizontal scrolling at 360 px on ${page.url()} (${width})`);
}

/** Prints a page as PDF on A4 and returns its page count (and checks the paper size). */
async function printedPages(page) {
  await page.emulateMedia({ media: "print" });
  const pdf = (await page.pdf({ format: "A4", preferCSSPageSize: true })).toString("latin1");
  assert.match(pdf, /\/MediaBox \[0 0 59[45]\.\d+ 841\.\d+\]/, "A4 (595 × 842 pt)");
  return (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
}

test("staff check in two residents by code on a phone; the head keeps the minutes (answered, a petition, a commitment) and publishes the results; residents see all three; the record and the results notice print on A4", async () => {
  const head = await signInApi("chutich.ankhe@demo.doithoai.vn");
  // A session starting in under a minute (announced at short notice, with its reason), so the day can be played through.
  const startsAt = new Date(Date.now() + 50_000).toISOString();
  const endsAt = new Date(Date.now() + 2 * 3_600_000).toISOString();
  const title = `Đối thoại về đèn đường ${Date.now().toString(36)}`;
  const session = await call(head, "POST", "/api/v1/sessions", {
    unitCode: "DEMO-HY-AK",
    title,
    startsAt,
    endsAt,
    venue: { name: `Hội trường kiểm thử ${Date.now().toString(36)}` },
    mode: "in_person",
    capacity: 50,
    villageIds: ["5e55a0a0-0000-4000-8000-000000000001"],
    shortNoticeReason: "Họp đột xuất về sự cố điện (kiểm thử)",
  });
  await call(head, "POST", `/api/v1/sessions/${session.id}/actions`, { action: "publish" });
  const register = (name, phone) => call(null, "POST", `/api/v1/sessions/${session.id}/registrations`, { name, phone });
  const first = await register("Vũ Thị Điểm", "0913000011");
  const second = await register("Hà Văn Danh", "0913000012");

  // The door: a staff member on a 360 px phone checks both in by their codes (once with the dash, once without).
  const door = await phonePage(browser);
  await signIn(door, "canbo.ankhe@demo.doithoai.vn", DEMO_PASSWORD);
  await door.goto(`/staff/sessions/${session.id}/checkin`);
  await expectAccessible(door, assert);
  for (const [code, name] of [
    [`${first.registrationCode.slice(0, 5)}-${first.registrationCode.slice(5)}`, "Vũ Thị Điểm"],
    [second.registrationCode.toLowerCase(), "Hà Văn Danh"],
  ]) {
    await door.getByLabel("Mã đăng ký hoặc tên người dự").fill(code);
    await door.getByRole("button", { name: "Điểm danh", exact: true }).click();
    await door.waitForURL(/checkin\?done=/);
    assert.match(await door.getByRole("status").innerText(), new RegExp(`Đã điểm danh ${name}`));
  }
  assert.match(await door.locator("main").innerText(), /Tổng số người dự: 2/);
  await noHorizontalScroll(door);
  await expectAccessible(door, assert);

  // The head keeps the minutes during the session: one answered, one turned into a petition, one into a commitment.
  const chair = await phonePage(browser);
  await chair.setViewportSize({ width: 1024, height: 900 });
  await signIn(chair, "chutich.ankhe@demo.doithoai.vn", DEMO_PASSWORD);
  await chair.goto(`/staff/sessions/${session.id}`);
  await chair.getByRole("link", { name: "Ghi biên bản, ý kiến và cam kết" }).click();
  await expectAccessible(chair, assert);
  await chair.getByLabel("Tóm tắt diễn biến, kết luận của chủ trì").fill("Hội nghị dân chủ, thẳng thắn; chủ trì kết luận từng ý kiến.");
  await chair.getByLabel("Thư ký hội nghị").fill("Lê Thị Cán Bộ");
  const row = (index) => chair.locator("fieldset.opinion-row").nth(index);
  await row(0).getByLabel("Nội dung ý kiến").fill("Bao giờ sửa đường liên thôn Đông – Tây?");
  await row(0).getByLabel("Trả lời").fill("Đường được khởi công trong tháng 5.");
  await row(0).getByLabel("Có", { exact: true }).check();
  await row(1).getByLabel("Nội dung ý kiến").fill("Gia đình tôi chưa được nhận hỗ trợ hộ nghèo năm nay.");
  await row(1)
    .getByLabel(/^Người hỏi/)
    .fill("Vũ Thị Điểm");
  await row(1).getByLabel("Chưa", { exact: true }).check();
  await row(1).getByLabel("đơn kiến nghị", { exact: true }).check();
  await row(1).getByLabel("Lĩnh vực").selectOption("chinh-sach");
  await row(2).getByLabel("Nội dung ý kiến").fill("Đèn đường ngõ 5 hỏng đã ba tháng.");
  await row(2).getByLabel("Chưa", { exact: true }).check();
  await row(2).getByLabel("cam kết", { exact: true }).check();
  await row(2).getByLabel("hoặc cơ quan, bộ phận thực hiện").fill("Ban quản lý dự án xã");
  await row(2)
    .getByLabel("Hạn thực hiện")
    .fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
  await row(2).getByLabel("Nội dung cam kết").fill("Thay bóng và sửa dây điện ngõ 5.");
  await chair.getByRole("button", { name: "Lưu biên bản" }).click();
  await chair.waitForURL(/minutes\?saved=1/);
  assert.match(await chair.getByRole("status").innerText(), /Đã lưu biên bản/);
  assert.match(await chair.locator("main").innerText(), /Mã theo dõi đơn \(đưa cho người hỏi\): [2-9A-HJ-NP-Z]{12}/);
  // Saving again changes nothing that follows the opinions.
  await chair.getByRole("button", { name: "Lưu biên bản" }).click();
  await chair.waitForURL(/minutes\?saved=1/);
  await expectAccessible(chair, assert);

  // Once the session has started, the head marks it held and publishes the results.
  const wait = Date.parse(startsAt) - Date.now() + 1_000;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  await chair.goto(`/staff/sessions/${session.id}`);
  await chair.getByRole("button", { name: "Xác nhận đã tổ chức" }).click();
  await chair.waitForURL(/done=mark_held/);
  await chair.getByLabel("Kết quả hội nghị").fill("Hội nghị đã trả lời 1 ý kiến tại chỗ; 1 ý kiến chuyển thành đơn; 1 việc được cam kết.");
  await chair.getByRole("button", { name: "Công khai kết quả" }).click();
  await chair.waitForURL(/done=publish_results/);
  await expectAccessible(chair, assert);
  const sent = await call(head, "GET", `/api/v1/notifications?session=${session.id}&limit=200`);
  assert.ok(
    sent.items.some((item) => item.kind === "session.results" && item.recipientRole === "village_head"),
    "the village head is told",
  );
  assert.equal(sent.items.filter((item) => item.kind === "session.results" && item.recipientRole === "registrant").length, 2);

  // A resident on a cheap phone without JavaScript sees what was asked, answered and promised — and no names.
  const resident = await residentPhone();
  await resident.goto(`/sessions/${session.id}`);
  await resident.getByRole("link", { name: "Kết quả: ý kiến, trả lời và việc đã hứa" }).click();
  const results = await resident.locator("main").innerText();
  assert.match(results, /Đường được khởi công trong tháng 5\./);
  assert.match(results, /Chuyển thành đơn kiến nghị, hạn trả lời \d{2}\/\d{2}\/\d{4}/);
  assert.match(results, /Cam kết: Thay bóng và sửa dây điện ngõ 5\./);
  assert.doesNotMatch(results, /Vũ Thị Điểm/);
  await noHorizontalScroll(resident);
  await resident.goto("/units/DEMO-HY-AK/promises");
  const promises = await resident.locator("main").innerText();
  assert.match(promises, /Thay bóng và sửa dây điện ngõ 5\./);
  assert.match(promises, /Gia đình tôi chưa được nhận hỗ trợ hộ nghèo năm nay\./);
  await noHorizontalScroll(resident);
  const checker = await phonePage(browser);
  for (const path of [`/sessions/${session.id}/results`, "/units/DEMO-HY-AK/promises"]) {
    await checker.goto(path);
    await expectAccessible(checker, assert);
  }

  // The record (biên bản) and the results notice print on A4; the notice's QR code leads to the results page.
  await chair.goto(`/staff/sessions/${session.id}/record`);
  await expectAccessible(chair, assert);
  assert.equal(await chair.locator(".vb-signature").count(), 4);
  assert.ok((await printedPages(chair)) >= 1);
  const notice = await (await browser.newContext({ baseURL: BASE_URL, extraHTTPHeaders: clientHeaders() })).newPage();
  await notice.goto(`/sessions/${session.id}/results/notice`);
  await expectAccessible(notice, assert);
  const shot = PNG.sync.read(await notice.locator(".qr svg").screenshot());
  assert.equal(jsQR(new Uint8ClampedArray(shot.data), shot.width, shot.height)?.data, `${BASE_URL}/sessions/${session.id}/results`);
  assert.equal(await printedPages(notice), 1, "the results notice fits one A4 page");
  for (const page of [door, chair, resident, checker, notice]) await page.context().close();
});
