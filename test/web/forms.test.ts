/**
 * Every form of the site (each POST page route, read off the app) answers a body it cannot parse — the
 * malformed multipart `content-type: multipart/form-data; boundary=x` with body `x` — and a 3 MiB field
 * with a 4xx page, never a 500, and stores nothing (issue #7, item 4).
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/index";
import { postPageRoutes } from "../fuzz/suite";
import { api, makeAccount, makeUnits } from "../support/factory";

/** Routes that read no body at all: what they do does not depend on it. */
const READ_NO_BODY: Record<string, string> = {
  "/logout": "signs out whatever the body",
  "/admin/holidays/:date/delete": "the date is in the path",
};

let cookies: Record<string, string> = {};
const routes = postPageRoutes(app);

beforeAll(async () => {
  const units = await makeUnits();
  cookies = {
    admin: `sid=${(await makeAccount("admin", null)).token}`,
    head: `sid=${(await makeAccount("commune_head", units.commune)).token}`,
    anonymous: "",
  };
});

/** Who may post the form: administrators the admin pages, commune officials the staff pages, officials their password. */
const cookieFor = (route: string) =>
  route.startsWith("/admin/") || route === "/account/password" ? cookies.admin : route.startsWith("/staff/") ? cookies.head : cookies.anonymous;
const concrete = (route: string) => route.replace(":date", "2030-01-01").replace(":id", crypto.randomUUID()).replace(":trackingCode", "ABCDEFGH2345");

async function rowCount(): Promise<number> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'",
  ).all<{ name: string }>();
  const counts = await env.DB.batch(tables.results.map((table) => env.DB.prepare(`SELECT count(*) AS n FROM "${table.name}"`)));
  return counts.reduce((sum, result) => sum + Number((result.results[0] as { n: number }).n), 0);
}

const post = (route: string, body: BodyInit, contentType: string) =>
  api("POST", concrete(route), {
    rawBody: body,
    headers: { "content-type": contentType, cookie: cookieFor(route), origin: "http://127.0.0.1", accept: "text/html" },
  });

describe("every form", () => {
  it("is found on the app", () => {
    expect(routes).toEqual(expect.arrayContaining(["/login", "/account/password", "/admin/units", "/admin/accounts", "/admin/holidays", "/admin/time-limits"]));
  });

  it.each(routes)("%s answers a malformed multipart body with a 4xx page and stores nothing", async (route) => {
    const before = await rowCount();
    const response = await post(route, "x", "multipart/form-data; boundary=x");
    if (READ_NO_BODY[route]) expect(response.status).toBeLessThan(500);
    else {
      // 400 with the form's error; a form about something that does not exist (a made-up id) may say 404.
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    }
    expect(await rowCount()).toBe(before);
  });

  it.each(routes)("%s answers a 3 MiB field with a 4xx page and stores nothing", async (route) => {
    const before = await rowCount();
    const huge = "x".repeat(3 * 1024 * 1024);
    const fields = new URLSearchParams({
      email: huge,
      name: huge,
      code: huge,
      date: huge,
      password: huge,
      currentPassword: huge,
      next: huge,
      csv: huge,
      days: huge,
    });
    const response = await post(route, fields.toString(), "application/x-www-form-urlencoded");
    if (READ_NO_BODY[route]) expect(response.status).toBeLessThan(500);
    else expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await rowCount()).toBe(before);
  });
});
