// What each public page costs a resident on a slow phone: the bytes of its HTML, CSS and JavaScript (as sent,
// uncompressed), each page under 60 KB, no web fonts, no scripts from elsewhere. The table is printed and kept
// in test-results/page-weight.md for the closing note.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { BASE_URL, launch, pageAt } from "./browser.mjs";

const BUDGET = 60 * 1024;
let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function submitPetition() {
  const response = await fetch(`${BASE_URL}/api/v1/petitions`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": "10.77.0.1" },
    body: JSON.stringify({
      unitCode: "DEMO-HY-AK",
      category: "ha-tang",
      title: "Đèn đường thôn Bắc không sáng",
      content: "Ba cột đèn đầu thôn Bắc tắt từ tuần trước, buổi tối rất tối.",
      submitter: { name: "Trần Văn Cường", phone: "0987654321" },
      consent: true,
    }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return (await response.json()).trackingCode;
}

/** Loads a page in a fresh context (nothing cached) and adds up what it fetched, by kind. */
async function weigh(path) {
  const page = await pageAt(browser, 360);
  const bytes = { document: 0, stylesheet: 0, script: 0, font: 0, other: 0 };
  const foreign = [];
  const pending = [];
  page.on("response", (response) => {
    if (!response.url().startsWith(BASE_URL)) foreign.push(response.url());
    const kind = response.request().resourceType();
    pending.push(
      response
        .body()
        .then((body) => {
          bytes[kind in bytes ? kind : "other"] += body.length;
        })
        .catch(() => {}),
    );
  });
  const response = await page.goto(path, { waitUntil: "load" });
  await Promise.all(pending);
  await page.context().close();
  return { path, status: response.status(), ...bytes, total: bytes.document + bytes.stylesheet + bytes.script, foreign };
}

test("every public page stays under 60 KB of HTML, CSS and JavaScript, with no fonts and nothing from elsewhere", async () => {
  const code = await submitPetition();
  const pages = ["/", "/login", "/petitions/new", "/petitions/new?unitq=an+khe", `/petitions/sent/${code}`, "/track", `/track/${code}`, "/khong-co-trang-nay"];
  const rows = [];
  for (const path of pages) rows.push(await weigh(path));
  const kb = (value) => (value / 1024).toFixed(1);
  const table = [
    "| page | status | HTML | CSS | JS | total (KB) |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      (row) => `| ${row.path.replace(code, ":code")} | ${row.status} | ${kb(row.document)} | ${kb(row.stylesheet)} | ${kb(row.script)} | ${kb(row.total)} |`,
    ),
  ].join("\n");
  const dir = join(import.meta.dirname, "..", "..", "test-results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "page-weight.md"), `${table}\n`);
  console.log(table);
  for (const row of rows) {
    assert.ok(row.total < BUDGET, `${row.path}: ${row.total} bytes`);
    assert.equal(row.font, 0, `${row.path} loads a font`);
    assert.deepEqual(row.foreign, [], `${row.path} loads from elsewhere`);
    assert.equal(row.status, row.path === "/khong-co-trang-nay" ? 404 : 200, `${row.path} answers`);
  }
});
