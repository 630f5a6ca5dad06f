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
