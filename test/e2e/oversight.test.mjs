// The supervisor's dashboard as a supervisor uses it: the province's communes for a year, the one that has not
// held its dialogue in red, a figure followed to the list behind it, the table downloaded as CSV and XLSX (the
// XLSX opened by LibreOffice, headless), and the compliance report printed on A4. Axe-clean at every step.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { BASE_URL, checkPage, DEMO_PASSWORD, launch, pageAt, signIn, signInApi } from "./browser.mjs";
import { libreOfficeCsv } from "./spreadsheets.mjs";

let browser;
let work;
before(async () => {
  browser = await launch();
  work = mkdtempSync(join(tmpdir(), "oversight-e2e-"));
});
after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test("a supervisor sees the commune that has not held its dialogue in red, follows a figure, downloads CSV and XLSX, prints the report", async () => {
  // An Khê records the session it held in September 2025; the other communes of the demo province held none.
  const head = await signInApi("chutich.ankhe@demo.doithoai.vn");
  const recorded = await fetch(`${BASE_URL}/api/v1/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${head}` },
    body: JSON.stringify({
      unitCode: "DEMO-HY-AK",
      title: "Hội nghị đối thoại năm 2025 (đã tổ chức)",
      startsAt: "2025-09-10T01:00:00.000Z",
      endsAt: "2025-09-10T04:00:00.000Z",
      venue: { name: `Hội trường UBND xã ${Date.now().toString(36)}` },
      mode: "in_person",
      capacity: 100,
    }),
  });
  assert.equal(recorded.status, 201, await recorded.clone().text());

  const page = await pageAt(browser, 1280, { javaScript: false });
  await signIn(page, "giamsat@demo.doithoai.vn", DEMO_PASSWORD);
  await page.getByRole("navigation").getByRole("link", { name: "Giám sát" }).click();
  await page.waitForURL("**/oversight");
  await checkPage(page, assert, "oversight");
  // The year is chosen with the filter form (a GET form: no JavaScript needed).
  await page.getByLabel("Năm").selectOption("2025");
  await page.getByRole("button", { name: "Xem", exact: true }).click();
  await page.waitForURL(/\/oversight\?year=2025/);
  await checkPage(page, assert, "oversight-2025");

  const table = page.locator("table.compliance");
  /** The row whose header names the commune (a merged unit's row names it too, in its note). */
  const row = (name) => table.locator("tbody tr").filter({ has: page.locator("th > a").getByText(name, { exact: true }) });
  const anThai = row("Xã An Thái (minh họa)");
  assert.equal(await anThai.getAttribute("class"), "falls-short", "An Thái's row is marked as falling short");
  assert.match(await anThai.innerText(), /Chưa đạt/);
  const background = await anThai
    .locator("td")
    .first()
    .evaluate((cell) => getComputedStyle(cell).backgroundColor);
  assert.equal(background, "rgb(253, 236, 236)", "and shown in red");
  const anKhe = row("Xã An Khê (minh họa)");
  assert.match(await anKhe.innerText(), /Đạt/);
  assert.equal(await anKhe.getAttribute("class"), null);

  // Follow An Khê's "sessions held" figure to the list behind it.
  await anKhe.locator("td").nth(1).getByRole("link").click();
  await page.waitForURL(/\/oversight\/sessions\?/);
  await checkPage(page, assert, "oversight-sessions");
  assert.match(await page.locator("h1").innerText(), /Hội nghị đối thoại: đã tổ chức/);
  assert.equal(await page.locator("tbody tr").count(), 1);
  assert.match(await page.locator("tbody").innerText(), /Hội nghị đối thoại năm 2025 \(đã tổ chức\)/);
  await page.goBack();

  // Download the table as CSV and as XLSX.
  const download = async (name) => {
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
    const path = join(work, file.suggestedFilename());
    await file.saveAs(path);
    return path;
  };
  const csvPath = await download("Tải bảng đánh giá (CSV)");
  assert.match(csvPath, /Đánh giá tổ chức đối thoại - Tỉnh Hưng Yên \(minh họa\) - 2025\.csv$/);
  const csv = parse(readFileSync(csvPath, "utf8"), { bom: true });
  assert.deepEqual(csv[0].slice(0, 3), ["Xã, phường", "Tình trạng", "Hội nghị đã tổ chức"]);
  const csvRow = csv.find((row) => row[0] === "Xã An Thái (minh họa)");
  assert.equal(csvRow[1], "Chưa đạt");
  const xlsxPath = await download("Tải bảng đánh giá (Excel)");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(xlsxPath);
  const sheet = workbook.worksheets[0];
  assert.equal(sheet.name, "Đánh giá tổ chức đối thoại");
  assert.equal(sheet.rowCount, csv.length);
  const office = parse(libreOfficeCsv(xlsxPath, work), { bom: true, relax_column_count: true });
  assert.deepEqual(office[0], csv[0], "LibreOffice reads the same header");
  for (let row = 1; row < csv.length; row++) assert.deepEqual(office[row].slice(0, 3), csv[row].slice(0, 3), `row ${row}`);

  // Print the compliance report: an administrative document on A4.
  await page.getByRole("link", { name: "In báo cáo kết quả tổ chức đối thoại" }).click();
  await page.waitForURL(/\/oversight\/print\/compliance/);
  await checkPage(page, assert, "oversight-print");
  assert.match(await page.locator(".vb-national-title").innerText(), /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
  assert.match(await page.locator(".vb-content").innerText(), /Xã An Thái \(minh họa\): đã tổ chức 0\/1 hội nghị/);
  await page.emulateMedia({ media: "print" });
  const pdf = (await page.pdf({ format: "A4", preferCSSPageSize: true })).toString("latin1");
  assert.match(pdf, /\/MediaBox \[0 0 59[45]\.\d+ 841\.\d+\]/, "A4 (595 × 842 pt)");
  assert.ok((pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length >= 1);
  await page.context().close();
});

test("the dashboard on a phone, with JavaScript: the table scrolls in its own region, the charts' links work", async () => {
  const page = await pageAt(browser, 360);
  await signIn(page, "giamsat@demo.doithoai.vn", DEMO_PASSWORD);
  await page.goto("/oversight?year=2025");
  await checkPage(page, assert, "oversight-phone");
  // The sessions-per-month chart: the September bar links to its list.
  await page.locator("#chart-sessions-title").waitFor({ state: "attached" });
  const september = page.locator('figure svg a[aria-label^="T9:"]');
  await september.click();
  await page.waitForURL(/\/oversight\/sessions\?province=DEMO-HY&from=2025-08-15&to=2025-09-14/);
  assert.equal(await page.locator("tbody tr").count(), 1);
  await page.context().close();
});
