// Shared set-up for browser tests: Debian's Chromium through playwright-core, axe-core for accessibility.
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

/** A phone-sized page (360 px wide, as a cheap Android phone). */
export async function phonePage(browser) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, baseURL: BASE_URL, locale: "vi-VN" });
  return context.newPage();
}

/** Fails on serious or critical WCAG violations. */
export async function expectAccessible(page, assert) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  assert.deepEqual(
    serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`),
    [],
    `accessibility violations on ${page.url()}`,
  );
}

export async function signIn(page, email, password) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL("**/dashboard");
}
