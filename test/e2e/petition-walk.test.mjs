// Issue 9's done-when: the whole petition cycle walked through the pages using only what a person sees — labels,
// names, pickers; never an id or a unit code typed — by a resident on a 360 px phone (with JavaScript and without),
// a commune official at a desk (1280 px) and the commune head at a desk and on a phone. Every page visited is
// axe-clean (WCAG 2.1 A/AA) and never scrolls sideways; a screenshot of each step is kept in test-results/screenshots/.
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { BASE_URL, checkPage, clientHeaders, DEMO_PASSWORD, expectAccessible, launch, pageAt, screenshot, signIn } from "./browser.mjs";

let browser;
const SCREENSHOTS = join(import.meta.dirname, "..", "..", "test-results", "screenshots");
before(async () => {
  // A walk's screenshots are of this run only: a step that no longer happens leaves no picture behind.
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const file of readdirSync(SCREENSHOTS, { withFileTypes: true }).filter((entry) => entry.name.startsWith("walk-"))) rmSync(join(SCREENSHOTS, file.name));
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A 1×1 PNG, as a phone's camera file would arrive. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const CODE = /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;
const COMMUNE = "Xã An Khê (minh họa)";
const OTHER_COMMUNE = "Xã An Thái (minh họa)";

/** A page of the given width; a step that does not come within 8 s has failed (not 30 s of waiting). */
async function opened(width, options) {
  const page = await pageAt(browser, width, options);
  page.context().setDefaultTimeout(8000);
  return page;
}

let stepNumber = 0;
/** Checks a page as every page of the walk is checked, keeping its screenshot under a numbered name. */
const step = (page, name) => checkPage(page, assert, `walk-${String(++stepNumber).padStart(2, "0")}-${name}`);

/**
 * A page seen with JavaScript off in the browser itself cannot be looked into by axe (which runs in the page). Its
 * HTML, exactly as the resident got it, is drawn again in a page that loads the same styles but no script, and
 * checked there; the screenshot is of the resident's own page.
 */
let inspector;
async function stepWithoutScript(page, name) {
  if (!inspector) {
    inspector = await browser.newContext({ viewport: { width: 360, height: 740 }, baseURL: BASE_URL, locale: "vi-VN" });
    await inspector.route(/\.js(\?|$)/, (route) => route.abort());
  }
  const copy = await inspector.newPage();
  await copy.goto("/track");
  await copy.setContent(await page.content(), { waitUntil: "load" });
  // The copy keeps the page's address, so its styles load as they did for the resident (contrast is checked on them).
  assert.ok(await copy.evaluate(() => [...document.styleSheets].some((sheet) => sheet.cssRules.length > 20)), "the styles are loaded");
  await expectAccessible(copy, assert);
  const { scrollWidth } = await copy.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth }));
  assert.ok(scrollWidth <= 360, `${page.url()} scrolls sideways: ${scrollWidth} px`);
  await copy.close();
  await screenshot(page, `walk-${String(++stepNumber).padStart(2, "0")}-${name}`);
}

/** A name as a pattern: the demo's names carry "(minh họa)". */
const literal = (text) => text.replace(/[()]/g, "\\$&");

/** The picker's answer when its search found one unit and chose it (the name, with the province where it tells apart). */
const foundOne = (name) => new RegExp(`^Tìm thấy một đơn vị và đã chọn sẵn: ${literal(name)}`);

const mainText = (page) => page.locator("main").innerText();
const picker = (page, name) => page.getByRole("group", { name });

/** Fills the residents' form as a person would, the commune chosen through the picker beforehand. */
async function fillPetition(page, { title, content, photo = false }) {
  await page.getByLabel("Lĩnh vực", { exact: true }).selectOption({ label: "Giao thông, hạ tầng" });
  await page.getByLabel("Tiêu đề", { exact: true }).fill(title);
  await page.getByLabel("Nội dung", { exact: true }).fill(content);
  if (photo) await page.getByLabel(/^Ảnh/).setInputFiles({ name: "duong-ngap.png", mimeType: "image/png", buffer: PNG });
  await page.getByLabel("Họ và tên").fill("Nguyễn Thị Bình");
  await page.getByLabel("Số điện thoại").fill("0912 345 678");
  await page.getByLabel(/Tôi đồng ý/).check();
}

/** The tracking code a confirmation page shows, as the resident reads it. */
async function codeOnPage(page) {
  const code = (await page.locator("#tracking-code").innerText()).trim();
  assert.match(code, CODE);
  return code;
}

/** An official opens a petition from the inbox by searching words of its title, as they would. */
async function openFromInbox(page, words, title) {
  await page.goto("/staff/petitions");
  await page.getByLabel("Tìm đơn", { exact: true }).fill(words);
  await page.getByRole("button", { name: "Lọc" }).click();
  await page.getByRole("link", { name: title, exact: true }).click();
  await page.waitForURL(/\/staff\/petitions\/[^/?]+$/);
}

const TITLE_A = "Đường thôn Đông ngập sau mưa";
const TITLE_B = "Mương giáp ranh An Thái bị tắc";
const TITLE_C = "Lại ngập đường trước nhà văn hóa thôn Đông";

test("a petition's whole cycle through the pages, as residents, an official and the head see them", async () => {
  const started = Date.now();
  // ---- Resident 1 on a phone, with JavaScript: the picker lists communes as they type.
  const resident = await opened(360);
  let dialogs = 0;
  resident.on("dialog", async (dialog) => {
    dialogs += 1;
    await dialog.dismiss();
  });
  await resident.goto("/petitions/new");
  await resident.waitForURL(/\/petitions\/new\?form=/);
  const communePicker = picker(resident, "Xã, phường nhận đơn");
  await communePicker.getByLabel("Tìm theo tên (gõ không dấu cũng được)").fill("an khe");
  await communePicker.getByText(foundOne(COMMUNE)).waitFor();
  assert.match(await communePicker.getByLabel("Chọn trong danh sách").locator("option:checked").innerText(), new RegExp(`^${literal(COMMUNE)}`));
  assert.equal(await resident.getByLabel("Lĩnh vực", { exact: true }).locator("option:checked").innerText(), "— Chọn lĩnh vực —");
  await fillPetition(resident, { title: TITLE_A, content: "Đoạn đường trước nhà văn hóa thôn Đông ngập sâu sau mưa, xe máy không qua được.", photo: true });
  await step(resident, "resident-form-filled");
  await resident.getByRole("button", { name: "Gửi đơn" }).click();
  await resident.waitForURL(/\/petitions\/sent\/[2-9A-HJ-NP-Z]{12}$/);
  assert.equal(await resident.title(), "Đã gửi đơn – Đối thoại");
  const codeA = await codeOnPage(resident);
  assert.ok(await resident.getByRole("button", { name: "Chép mã" }).isVisible(), "with JavaScript the code can be copied");
  assert.match(await mainText(resident), new RegExp(`${literal(COMMUNE)} xem đơn và báo tiếp nhận hoặc hướng dẫn trước hết ngày \\d{2}/\\d{2}/\\d{4}`));
  await step(resident, "resident-sent");
  // Back to the form and "Gửi đơn" again: the same petition, never a second one.
  const sentAt = resident.url();
  await resident.goBack();
  await resident.waitForURL(/\/petitions\/new\?form=/);
  await resident.getByRole("button", { name: "Gửi đơn" }).click();
  await resident.waitForURL(/\/petitions\/sent\//);
  assert.equal(resident.url(), sentAt, "sent again from Back: the petition already made");
  // The form drawn afresh (reloaded) says it was sent, and where to see it.
  await resident.goBack();
  await resident.reload();
  assert.match(await mainText(resident), new RegExp(`Đơn này đã được gửi, mã theo dõi ${codeA}\\.`));
  await step(resident, "resident-back-on-form");
  // Tracking by the code, typed as it was read.
  await resident.goto("/track");
  await resident.getByLabel("Mã theo dõi").fill(codeA.toLowerCase());
  await resident.getByRole("button", { name: "Tra cứu" }).click();
  await resident.waitForURL(/\/track\/[2-9A-HJ-NP-Z]{12}$/);
  assert.match(await mainText(resident), /Đã tiếp nhận/);
  assert.match(await mainText(resident), /còn \d+ ngày làm việc/);
  assert.ok((await resident.getByText(TITLE_A).count()) > 0);
  await step(resident, "resident-tracks");

  // ---- Resident 2 on a phone with JavaScript off: the picker's "Tìm" button, errors from the server.
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    baseURL: BASE_URL,
    locale: "vi-VN",
    javaScriptEnabled: false,
    extraHTTPHeaders: clientHeaders(),
  });
  context.setDefaultTimeout(8000);
  const plain = await context.newPage();
  await plain.goto("/petitions/new");
  await plain.getByRole("button", { name: "Gửi đơn" }).click();
  assert.equal(await plain.title(), "Lỗi: Gửi kiến nghị, phản ánh – Đối thoại");
  assert.ok(await plain.getByRole("link", { name: "Chọn xã, phường nhận đơn." }).isVisible(), "the summary links to the picker");
  await stepWithoutScript(plain, "resident-nojs-errors");
  const plainPicker = picker(plain, "Xã, phường nhận đơn");
  await plainPicker.getByLabel("Tìm theo tên (gõ không dấu cũng được)").fill("khong co xa nay");
  await plainPicker.getByRole("button", { name: "Tìm" }).click();
  assert.match(await mainText(plain), /Không tìm thấy đơn vị nào có tên “khong co xa nay”/);
  await picker(plain, "Xã, phường nhận đơn").getByLabel("Tìm theo tên (gõ không dấu cũng được)").fill("an khe");
  await picker(plain, "Xã, phường nhận đơn").getByRole("button", { name: "Tìm" }).click();
  assert.ok(await picker(plain, "Xã, phường nhận đơn").getByText(foundOne(COMMUNE)).isVisible());
  await fillPetition(plain, { title: TITLE_B, content: "Mương thoát nước giáp ranh với xã An Thái bị tắc, nước tràn vào ruộng." });
  await stepWithoutScript(plain, "resident-nojs-form-filled");
  await plain.getByRole("button", { name: "Gửi đơn" }).click();
  await plain.waitForURL(/\/petitions\/sent\/[2-9A-HJ-NP-Z]{12}$/);
  const codeB = await codeOnPage(plain);
  assert.equal(await plain.getByRole("button", { name: "Chép mã" }).isVisible(), false, "without JavaScript no button that cannot work");
  await stepWithoutScript(plain, "resident-nojs-sent");
  // A second petition from a fresh form.
  await plain.getByRole("link", { name: "Gửi một đơn khác" }).click();
  await picker(plain, "Xã, phường nhận đơn").getByLabel("Tìm theo tên (gõ không dấu cũng được)").fill("An Khê");
  await picker(plain, "Xã, phường nhận đơn").getByRole("button", { name: "Tìm" }).click();
  await fillPetition(plain, { title: TITLE_C, content: "Đường trước nhà văn hóa thôn Đông lại ngập sau trận mưa tối qua." });
  await plain.getByRole("button", { name: "Gửi đơn" }).click();
  await plain.waitForURL(/\/petitions\/sent\/[2-9A-HJ-NP-Z]{12}$/);
  assert.notEqual(await codeOnPage(plain), codeB);
  await plain.getByRole("link", { name: "Xem đơn của anh/chị" }).click();
  assert.match(await mainText(plain), /Đã tiếp nhận/);
  await stepWithoutScript(plain, "resident-nojs-tracks");

  // ---- The commune official at a desk accepts the first petition.
  const staff = await opened(1280);
  await signIn(staff, "canbo.ankhe@demo.doithoai.vn", DEMO_PASSWORD);
  await step(staff, "staff-dashboard");
  await openFromInbox(staff, "duong ngap", TITLE_A);
  assert.equal(await staff.locator(".photos img").count(), 1);
  assert.match(await mainText(staff), /Nguyễn Thị Bình/);
  assert.match(await mainText(staff), /Hạn tiếp nhận, thụ lý\s+\d{2}\/\d{2}\/\d{4} còn \d+ ngày làm việc/);
  const petitionA = staff.url();
  await step(staff, "staff-petition-received");
  await staff.getByRole("region", { name: "Việc cần làm tiếp" }).getByRole("button", { name: "Thụ lý đơn" }).click();
  await staff.waitForURL(/done=accept/);
  assert.match(await mainText(staff), /Đã xong: Thụ lý đơn\./);
  await step(staff, "staff-accepted");

  // ---- The head at a desk gives it to the official, picked by name.
  const head = await opened(1280);
  await signIn(head, "chutich.ankhe@demo.doithoai.vn", DEMO_PASSWORD);
  await head.goto(petitionA);
  const nextStep = head.getByRole("region", { name: "Việc cần làm tiếp" });
  await nextStep.getByLabel("Giao cho cán bộ").selectOption({ label: "Lê Thị Cán Bộ (minh họa) (Cán bộ xã)" });
  await step(head, "head-assigns");
  await nextStep.getByRole("button", { name: "Giao việc" }).click();
  await head.waitForURL(/done=assign/);
  assert.match(
    await mainText(head),
    /Giao cán bộ xử lý · Nguyễn Văn Chủ Tịch \(minh họa\) \(Chủ tịch UBND xã\) · Đã thụ lý · giao cho Lê Thị Cán Bộ \(minh họa\)/,
  );
  await step(head, "head-assigned");

  // ---- The official starts and drafts the answer.
  await staff.goto(petitionA);
  await staff.getByRole("button", { name: "Bắt đầu giải quyết" }).click();
  await staff.waitForURL(/done=start/);
  const answer = "UBND xã sẽ nạo vét cống thôn Đông trong tuần này.";
  await staff.getByLabel("Dự thảo trả lời gửi người dân").fill(answer);
  await step(staff, "staff-drafts");
  await staff.getByRole("button", { name: "Lưu dự thảo" }).click();
  await staff.waitForURL(/done=draft_answer/);
  assert.equal(await staff.getByRole("button", { name: "Ban hành trả lời" }).count(), 0, "an official cannot publish the answer");
  await step(staff, "staff-drafted");

  // ---- The head on a phone publishes it; closing is not offered while the resident may still answer.
  const headPhone = await opened(360);
  await signIn(headPhone, "chutich.ankhe@demo.doithoai.vn", DEMO_PASSWORD);
  await headPhone.goto(petitionA);
  assert.equal(await headPhone.getByLabel("Trả lời gửi người dân", { exact: true }).inputValue(), answer, "the draft is filled in");
  await step(headPhone, "head-phone-publishes");
  await headPhone.getByRole("button", { name: "Ban hành trả lời" }).click();
  await headPhone.waitForURL(/done=answer/);
  assert.match(await mainText(headPhone), /Đang chờ người dân phản hồi đến hết ngày \d{2}\/\d{2}\/\d{4}/);
  assert.equal(await headPhone.getByText("Kết thúc đơn", { exact: true }).count(), 0, "no closing before the resident's window ends");
  await step(headPhone, "head-phone-published");

  // ---- The head on a phone: the third petition repeats the first — found by its title, chosen, confirmed.
  await openFromInbox(headPhone, "lai ngap nha van hoa", TITLE_C);
  await headPhone.getByText("Đánh dấu trùng với đơn khác").click();
  const duplicate = headPhone.getByRole("form", { name: "Đánh dấu trùng với đơn khác" });
  await duplicate.getByLabel("Tìm đơn gốc theo mã theo dõi hoặc tiêu đề").fill("duong thon dong ngap sau mua");
  await duplicate.getByRole("button", { name: "Tìm đơn" }).click();
  const found = headPhone.getByRole("form", { name: "Đánh dấu trùng với đơn khác" });
  await found.getByLabel(new RegExp(`${codeA} — ${TITLE_A}`)).check();
  await step(headPhone, "head-phone-duplicate-chosen");
  await found.getByRole("button", { name: "Có, đánh dấu trùng" }).click();
  await headPhone.waitForURL(/done=mark_duplicate/);
  assert.match(await mainText(headPhone), new RegExp(`Trùng với đơn\\s+${codeA} — ${TITLE_A}`));
  await step(headPhone, "head-phone-duplicate-marked");

  // ---- The head at a desk: the second petition belongs to the next commune — picked by name, confirmed.
  await openFromInbox(head, "muong giap ranh", TITLE_B);
  await head.getByText("Chuyển đơn", { exact: true }).click();
  const transfer = head.getByRole("form", { name: "Chuyển đơn" });
  const toCommune = picker(transfer, /Chuyển đến xã, phường trong hệ thống/);
  await toCommune.getByLabel("Tìm theo tên (gõ không dấu cũng được)").fill("an thai");
  await toCommune.getByText(foundOne(OTHER_COMMUNE)).waitFor();
  await transfer.getByLabel("Lý do chuyển — người dân thấy").fill("Mương thuộc địa bàn xã An Thái.");
  await step(head, "head-transfer-chosen");
  await transfer.getByRole("button", { name: "Có, chuyển đơn" }).click();
  await head.waitForURL(/\/staff\/petitions\?done=moved$/);
  assert.match(await mainText(head), /Đã chuyển đơn sang xã, phường khác\./);
  assert.equal(await head.getByRole("link", { name: TITLE_B, exact: true }).count(), 0, "no longer in this commune's inbox");
  await step(head, "head-transferred");
  await plain.goto(`/track/${codeB.replaceAll("-", "")}`);
  assert.match(await mainText(plain), new RegExp(literal(OTHER_COMMUNE)));
  await stepWithoutScript(plain, "resident-nojs-sees-transfer");

  // ---- Resident 1 is not satisfied: without a reason they stay on the petition, the error by the box.
  await resident.goto(`/track/${codeA.replaceAll("-", "")}`);
  assert.match(await mainText(resident), /nạo vét cống thôn Đông/);
  assert.match(await mainText(resident), /Anh\/chị có thể trả lời đến hết ngày \d{2}\/\d{2}\/\d{4}\./);
  await resident.getByLabel("Chưa hài lòng, đề nghị xem xét lại").check();
  await resident.getByRole("button", { name: "Gửi ý kiến" }).click();
  assert.equal(await resident.title(), "Lỗi: Đơn của anh/chị – Đối thoại");
  assert.ok(await resident.locator("#comment-error").getByText("Hãy cho biết vì sao chưa hài lòng.").isVisible());
  assert.ok(await resident.getByLabel("Chưa hài lòng, đề nghị xem xét lại").isChecked(), "the choice is kept");
  await step(resident, "resident-reopen-error");
  await resident.getByLabel(/Ý kiến của anh\/chị/).fill("Cống mới nạo vét một đoạn, đường vẫn ngập.");
  await resident.getByRole("button", { name: "Gửi ý kiến" }).click();
  await resident.waitForURL(/thanks=1/);
  assert.match(await mainText(resident), /Người dân đề nghị xem xét lại/);
  await step(resident, "resident-reopened");

  // ---- Handled again: the official drafts, the head publishes, the resident confirms.
  await staff.goto(petitionA);
  await staff.getByRole("button", { name: "Bắt đầu giải quyết" }).click();
  await staff.waitForURL(/done=start/);
  await staff.getByLabel("Dự thảo trả lời gửi người dân").fill("UBND xã đã nạo vét toàn bộ cống thôn Đông và nâng mặt đường.");
  await staff.getByRole("button", { name: "Lưu dự thảo" }).click();
  await staff.waitForURL(/done=draft_answer/);
  await head.goto(petitionA);
  await head.getByRole("button", { name: "Ban hành trả lời" }).click();
  await head.waitForURL(/done=answer/);
  await step(head, "head-published-again");
  await resident.goto(`/track/${codeA.replaceAll("-", "")}`);
  await resident.getByLabel("Hài lòng, vấn đề đã được giải quyết").check();
  await resident.getByRole("button", { name: "Gửi ý kiến" }).click();
  await resident.waitForURL(/thanks=1/);
  assert.match(await mainText(resident), /Đã giải quyết xong/);
  await step(resident, "resident-confirmed");
  await head.goto(petitionA);
  assert.match(await mainText(head), /Đã giải quyết xong/);
  assert.match(await mainText(head), /Người dân đề nghị xem xét lại · Người dân/);
  await step(head, "head-sees-resolved");

  // ---- A supervisor picks a commune by name in the inbox and reads the petition, with no action to take.
  const page = await opened(1280);
  await signIn(page, "giamsat@demo.doithoai.vn", DEMO_PASSWORD);
  await page.goto("/staff/petitions");
  const communes = picker(page, /Xã, phường/);
  await communes.getByLabel("Tìm theo tên (gõ không dấu cũng được)").fill("an khe");
  await communes.getByText(foundOne(COMMUNE)).waitFor();
  await page.getByRole("button", { name: "Lọc" }).click();
  await page.waitForURL(/unit=/);
  await step(page, "supervisor-inbox");
  await page.getByRole("link", { name: TITLE_A, exact: true }).click();
  assert.match(await mainText(page), /Giám sát viên xem đơn; cán bộ xã xử lý\./);
  assert.equal(await page.locator('input[name="action"]').count(), 0, "no action forms");
  await step(page, "supervisor-petition");
  assert.equal(dialogs, 0, "no script of the residents' words ran");
  for (const open of [resident, plain, staff, head, headPhone, page]) await open.context().close();
  await inspector?.close();
  console.log(`# petition walk: ${stepNumber} pages checked in ${Date.now() - started} ms`);
});
