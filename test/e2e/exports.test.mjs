// Exports as people open them: the XLSX in a real spreadsheet program (LibreOffice, headless) gives the same rows
// as the CSV export of the same petitions; and the print styles of administrative documents lay out an A4 page in
// Chromium. Needs `soffice` (Debian: libreoffice-calc-nogui; .ci/run installs it) besides Chromium.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { parse } from "csv-parse/sync";
import { BASE_URL, clientHeaders, launch, signInApi } from "./browser.mjs";
import { libreOfficeCsv } from "./spreadsheets.mjs";

let browser;
let work;
before(async () => {
  browser = await launch();
  work = mkdtempSync(join(tmpdir(), "exports-e2e-"));
});
after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

let ip = 0;
async function submit(overrides) {
  const body = {
    unitCode: "DEMO-HY-AK",
    category: "ha-tang",
    title: "Đường ngập sau mưa",
    content: "Đoạn đường liên thôn ngập sâu.",
    submitter: { name: "Nguyễn Thị Bình", phone: "0912345678", address: "Thôn Đông, xã An Khê" },
    consent: true,
    ...overrides,
  };
  ip++;
  const response = await fetch(`${BASE_URL}/api/v1/petitions`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": `10.99.${Math.floor(ip / 250)}.${ip % 250}` },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 201, await response.clone().text());
}

test("an XLSX export opens in LibreOffice with the same rows as the CSV export, Vietnamese and formulas as text", async () => {
  const stamp = Date.now().toString(36);
  await submit({ title: `Đèn đường hỏng ở thôn Đông ${stamp}`, content: "Ba bóng đèn, một dòng\nthứ hai, có dấu phẩy" });
  await submit({ title: `=1+2 ${stamp}`, submitter: { name: "@SUM(A1:A2)", phone: "+84912345678" }, content: "-3+4 chưa tính" });
  await submit({ title: `Rác thải chưa thu gom ${stamp}`, kind: "feedback", anonymous: true, submitter: {} });

  const token = await signInApi("canbo.ankhe@demo.doithoai.vn");
  const download = async (format) => {
    const response = await fetch(`${BASE_URL}/api/v1/exports/petitions.${format}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
    return Buffer.from(await response.arrayBuffer());
  };
  const [csvBytes, xlsxBytes] = await Promise.all([download("csv"), download("xlsx")]);
  const xlsxPath = join(work, "petitions.xlsx");
  writeFileSync(xlsxPath, xlsxBytes);

  const ours = parse(csvBytes.toString("utf8"), { bom: true });
  const office = parse(libreOfficeCsv(xlsxPath, work), { bom: true, relax_column_count: true });
  assert.deepEqual(office[0], ours[0], "the same header");
  assert.equal(office.length, ours.length, "the same number of rows");
  assert.ok(ours.length >= 4);
  for (let row = 1; row < ours.length; row++) {
    const cells = office[row].concat(Array(ours[row].length - office[row].length).fill(""));
    for (let column = 0; column < ours[row].length; column++) {
      const csv = ours[row][column];
      const shown = cells[column];
      // The CSV neutralises text that starts like a formula with an apostrophe; in the XLSX it is plain text.
      const expected = /^[=+\-@\t\r]/.test(shown) ? `'${shown}` : shown;
      assert.equal(expected, csv, `row ${row}, column "${ours[0][column]}"`);
    }
  }
  const title = ours[0].indexOf("Tiêu đề");
  const name = ours[0].indexOf("Họ và tên người gửi");
  const formulaRow = office.find((cells) => cells[title] === `=1+2 ${stamp}`);
  assert.ok(formulaRow, "LibreOffice shows the formula as the text it is, not its result");
  assert.equal(formulaRow[name], "@SUM(A1:A2)");
  assert.ok(office.some((cells) => cells[title] === `Đèn đường hỏng ở thôn Đông ${stamp}`));
  assert.ok(office.some((cells) => cells.includes("Ba bóng đèn, một dòng\nthứ hai, có dấu phẩy")));
  // Dates shown day first, as the XLSX formats them.
  assert.match(formulaRow[ours[0].indexOf("Thời điểm nhận")], /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
});

test("document.css lays out an administrative document on A4 with the decree's margins", async () => {
  const stylesheet = await fetch(`${BASE_URL}/static/document.css`);
  assert.equal(stylesheet.status, 200);
  assert.match(stylesheet.headers.get("content-type") ?? "", /^text\/css/);
  const page = await browser.newPage({ extraHTTPHeaders: clientHeaders() });
  // The structure src/web/document.tsx renders (its own test checks that); here the served styles are checked in a browser.
  await page.setContent(`<!doctype html><html lang="vi"><head><meta charset="utf-8"></head>
    <body class="vb-page"><nav class="vb-screen-only"><p>In bằng trình duyệt</p></nav><main><article class="vb" lang="vi">
    <header class="vb-head"><div class="vb-issuer"><p class="vb-body">ỦY BAN NHÂN DÂN XÃ AN KHÊ</p><p class="vb-number">Số: 05/BC-UBND</p></div>
    <div class="vb-nation"><p class="vb-national-title">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p class="vb-motto">Độc lập - Tự do - Hạnh phúc</p>
    <p class="vb-place-date">An Khê, ngày 05 tháng 3 năm 2026</p></div></header>
    <h1 class="vb-title"><span class="vb-kind">BÁO CÁO</span><span class="vb-summary">Kết quả đối thoại</span></h1>
    <div class="vb-content">${"<p>Nội dung báo cáo dài để sang trang thứ hai. </p>".repeat(60)}</div>
    <footer class="vb-foot"><section class="vb-recipients"><p class="vb-recipients-label">Nơi nhận:</p><ul><li>- Lưu: VT.</li></ul></section>
    <section class="vb-signature"><p class="vb-position">CHỦ TỊCH</p><p class="vb-sign-space"></p><p class="vb-signer">Nguyễn Văn Đức</p></section></footer>
    </article></main></body></html>`);
  await page.addStyleTag({ content: await stylesheet.text() });
  const style = (selector, property) => page.evaluate(([s, p]) => getComputedStyle(document.querySelector(s))[p], [selector, property]);
  assert.equal(await style(".vb-national-title", "fontSize"), "16px"); // 12 pt
  assert.equal(await style(".vb-motto", "fontSize"), "17.3333px"); // 13 pt
  assert.equal(await style(".vb-place-date", "fontStyle"), "italic");
  assert.equal(await style(".vb-recipients-label", "fontStyle"), "italic");
  assert.match(await style(".vb", "fontFamily"), /Times New Roman/);
  // Side by side: the issuer left of the national title, recipients left of the signature.
  const box = (selector) => page.locator(selector).boundingBox();
  assert.ok((await box(".vb-issuer")).x < (await box(".vb-nation")).x);
  assert.ok((await box(".vb-recipients")).x < (await box(".vb-signature")).x);
  await page.emulateMedia({ media: "print" });
  assert.equal(await style(".vb-screen-only", "display"), "none");
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
  const text = pdf.toString("latin1");
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((match) => [Math.round(match[1]), Math.round(match[2])]);
  assert.ok(boxes.length >= 2, `the long body runs onto a second page (${boxes.length})`);
  for (const [width, height] of boxes) assert.deepEqual([width, height], [595, 842], "A4 portrait (210 × 297 mm)");
  await page.close();
});
