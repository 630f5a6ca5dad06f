import { describe, expect, it } from "vitest";
import { api, problemOf } from "./support/factory";

describe("habits every route inherits", () => {
  it("answers /healthz with secure headers and a request id", async () => {
    const response = await api("GET", "/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
  });

  it("answers unknown API routes with a 404 problem", async () => {
    const response = await api("GET", "/api/v1/nothing-here");
    expect(response.status).toBe(404);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ status: 404, title: "Not found" });
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers unknown pages with an HTML 404 for browsers", async () => {
    const response = await api("GET", "/no-such-page", { headers: { accept: "text/html" } });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("Không tìm thấy trang");
  });

  it("refuses a body over the limit with 413 problem", async () => {
    const big = "x".repeat(9 * 1024 * 1024);
    const response = await api("POST", "/api/v1/auth/login", { rawBody: big, headers: { "content-type": "application/json" } });
    expect(response.status).toBe(413);
    expect((await problemOf(response)).status).toBe(413);
  });

  it("answers malformed JSON with a 400 problem", async () => {
    const response = await api("POST", "/api/v1/auth/login", { rawBody: "{not json", headers: { "content-type": "application/json" } });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).status).toBe(400);
  });
});

describe("unexpected errors", () => {
  it("answer 500 problem+json with a request id and no internals, and log them", async () => {
    const { app } = await import("../src/index");
    const { env } = await import("cloudflare:test");
    // Fault injection: a database that fails the way a real outage does. Only the error path is under test.
    const brokenDb = {
      prepare() {
        throw new Error("D1_ERROR: disk I/O error at /var/secret/path.sqlite");
      },
    };
    const logged: string[] = [];
    const original = console.error;
    console.error = (line: string) => logged.push(line);
    try {
      const response = await app.request("/api/v1/units", {}, { ...env, DB: brokenDb });
      expect(response.status).toBe(500);
      const requestId = response.headers.get("x-request-id");
      expect(requestId).toBeTruthy();
      const text = await response.text();
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      expect(text).not.toMatch(/secret|sqlite|D1_ERROR|at .*\.ts/);
      expect(JSON.parse(text)).toMatchObject({ status: 500, title: "Internal error" });
      expect(text).toContain(requestId);
      expect(logged.join("\n")).toContain(requestId);
      expect(logged.join("\n")).toContain("disk I/O error");
    } finally {
      console.error = original;
    }
  });
});
