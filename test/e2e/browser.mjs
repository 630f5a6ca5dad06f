// Shared set-up for browser tests: Debian's Chromium through playwright-core, axe-core for accessibility.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { chromium } from "playwright-core";

export const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:8788";
export const DEMO_PASSWORD = "Demo@12345";
export const ADMIN = { email: "admin@demo.doithoai.vn", password: "Demo@12345" };

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

let clientCounter = 0;
/**
 * Each browser context is a client of its own address (`wrangler dev` passes CF-Connecting-IP through), so the
 * per-address throttles count each test's person separately, as they would count real people.
 */
export const clientHeaders = () => ({ "cf-connecting-ip": `10.77.${Math.floor(++clientCounter / 250)}.${clientCounter % 250}` });

/** A phone-sized page (360 px wide, as a cheap Android phone). */
export async function phonePage(browser) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, baseURL: BASE_URL, locale: "vi-VN", extraHTTPHeaders: clientHeaders() });
  return context.newPage();
}

/**
 * A page of the given width (1280 for a desk, 360 for a cheap phone), with or without the app's JavaScript.
 * Without it, the app's scripts are never loaded (every script is a file: the CSP forbids inline ones), so the
 * page works as in a browser with JavaScript off while axe and the test can still look into it. `noScript:
 * "browser"` turns JavaScript off in the browser itself (then nothing can be evaluated in the page).
 */
export async function pageAt(browser, width, { javaScript = true, noScript = "app" } = {}) {
  const context = await browser.newContext({
    viewport: { width, height: width > 600 ? 900 : 740 },
    baseURL: BASE_URL,
    locale: "vi-VN",
    javaScriptEnabled: javaScript || noScript !== "browser",
    extraHTTPHeaders: clientHeaders(),
  });
  if (!javaScript && noScript === "app") await context.route(/\.js(\?|$)/, (route) => route.abort());
  return context.newPage();
}

/** Fails on any WCAG 2.1 A or AA violation axe finds, whatever its impact. */
export async function expectAccessible(page, assert) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  assert.deepEqual(
    results.violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`),
    [],
    `accessibility violations on ${page.url()}`,
  );
}

/** Nothing wider than the screen: the page never scrolls sideways (tables scroll inside their own region). */
export async function expectNoSideScroll(page, assert) {
  const { scrollWidth, width } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scrollWidth <= width, `${page.url()} scrolls sideways: ${scrollWidth} px in ${width} px`);
}

const SCREENSHOTS = join(import.meta.dirname, "..", "..", "test-results", "screenshots");

/** Keeps a full-page screenshot of a step as a test artifact (test-results/screenshots/, not in git). */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
}

/** Each page a walk visits: axe-clean, no sideways scrolling, and a screenshot kept. */
export async function checkPage(page, assert, name) {
  await expectAccessible(page, assert);
  await expectNoSideScroll(page, assert);
  await screenshot(page, name);
}

export async function signIn(page, email, password) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL("**/dashboard");
}

/** A demo official's API token (for what a test sets up rather than shows). */
export async function signInApi(email, password = DEMO_PASSWORD) {
  const response = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", ...clientHeaders() },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${email} failed ${response.status}: ${await response.text()}`);
  return (await response.json()).token;
}
