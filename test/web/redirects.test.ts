/**
 * Redirect targets from `next` (issue #7, item 3): only a path of our own site, judged after decoding.
 * `safeNext` table-tested, then the two routes that take `next` from a visitor: `/lang/:locale` and `POST /login`.
 */
import { describe, expect, it } from "vitest";
import { safeNext } from "../../src/web/guard";
import { api, makeAccount } from "../support/factory";

const FALLBACK = "/fallback";

describe("safeNext", () => {
  it.each([
    ["/", "/"],
    ["/dashboard", "/dashboard"],
    ["/staff/petitions?status=received&overdue=true", "/staff/petitions?status=received&overdue=true"],
    ["/staff/petitions?q=%C4%91%C6%B0%E1%BB%9Dng%20ng%E1%BA%ADp", "/staff/petitions?q=%C4%91%C6%B0%E1%BB%9Dng%20ng%E1%BA%ADp"],
    ["/track/ABCDEFGH2345#history", "/track/ABCDEFGH2345#history"],
    ["/a/b/../c", "/a/b/../c"],
  ])("keeps the local path %s", (next, expected) => {
    expect(safeNext(next, FALLBACK)).toBe(expected);
  });

  it.each([
    [undefined],
    [""],
    ["dashboard"],
    ["//evil.example"],
    ["///evil.example"],
    ["/\\evil.example"],
    ["\\\\evil.example"],
    ["/\\/evil.example"],
    ["https://evil.example/"],
    ["javascript:alert(1)"],
    [" /dashboard"],
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["/\r\n/evil.example"],
    ["/ /evil.example"],
    ["/\u0000/evil.example"],
    ["/\u00a0/evil.example"],
    ["/\u2028/evil.example"],
    ["/\u200b/evil.example"],
    ["/%09/evil.example"],
    ["/%0a/evil.example"],
    ["/%0d%0a/evil.example"],
    ["/%2F/evil.example"],
    ["/%2f%2fevil.example"],
    ["/%5Cevil.example"],
    ["/%5c%5cevil.example"],
    ["/%E0%A4%A"],
    ["/%"],
    [`/${"a".repeat(2001)}`],
  ])("refuses %j", (next) => {
    expect(safeNext(next, FALLBACK)).toBe(FALLBACK);
  });
});

describe("routes that redirect to next", () => {
  it.each([
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0d%0a/evil.example",
    "//evil.example",
    "/%5Cevil.example",
    "https://evil.example",
    "/%252F%252Fevil.example",
  ])("the language switch sends next=%s home, never away and never with a 500", async (next) => {
    const response = await api("GET", `/lang/vi?next=${next}`);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
  });

  it("the language switch keeps a local next", async () => {
    const response = await api("GET", `/lang/en?next=${encodeURIComponent("/track?code=AB")}`);
    expect(response.headers.get("location")).toBe("/track?code=AB");
  });

  it.each(["/\t/evil.example", "/\n/evil.example", "//evil.example", "/\\evil.example", "/%09/evil.example", "/%0a/evil.example", "https://evil.example"])(
    "signing in through the form with next=%j goes to the dashboard",
    async (next) => {
      const official = await makeAccount("admin", null);
      const response = await api("POST", "/login", {
        rawBody: new URLSearchParams({ email: official.email, password: official.password, next }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1" },
      });
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/dashboard");
    },
  );

  it("signing in through the form keeps a local next", async () => {
    const official = await makeAccount("admin", null);
    const response = await api("POST", "/login", {
      rawBody: new URLSearchParams({ email: official.email, password: official.password, next: "/admin/units?level=commune" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1" },
    });
    expect(response.headers.get("location")).toBe("/admin/units?level=commune");
  });
});
