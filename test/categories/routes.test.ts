import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, problemOf, type TestAccount } from "../support/factory";
import { expectRoundTrips } from "../support/round-trips";

let admin: TestAccount;

beforeAll(async () => {
  admin = await makeAccount("admin", null);
});

const auditEntries = async (code: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'category.create' AND target_id = ?").bind(code).first<number>("n")) ?? 0;

describe("/api/v1/categories", () => {
  it("lists in one round trip", async () => {
    const response = await api("GET", "/api/v1/categories");
    expect((await response.json<{ items: { code: string }[] }>()).items.at(-1)?.code).toBe("khac");
    expectRoundTrips(response, 1);
  });

  it("adds with its audit entry in the same batch; a taken code is 409 with neither", async () => {
    const code = `cat-${crypto.randomUUID().slice(0, 8)}`;
    const added = await api("POST", "/api/v1/categories", { token: admin.token, body: { code, name: "Nước sạch" } });
    expect(added.status).toBe(201);
    expect(await added.json()).toEqual({ code, name: "Nước sạch", nameEn: null, description: null });
    // The account check cannot ride along with a write: it goes first, then the guarded batch.
    expectRoundTrips(added, 2);
    expect(await auditEntries(code)).toBe(1);

    const again = await api("POST", "/api/v1/categories", { token: admin.token, body: { code, name: "Khác hẳn" } });
    expect(await problemOf(again)).toMatchObject({ status: 409, code: "category.exists" });
    expectRoundTrips(again, 2);
    expect(await auditEntries(code)).toBe(1);
    expect(await env.DB.prepare("SELECT name FROM categories WHERE code = ?").bind(code).first("name")).toBe("Nước sạch");
  });

  it("names a bad code with its own code, in the request's language", async () => {
    const response = await api("POST", "/api/v1/categories", { token: admin.token, body: { code: "Có Dấu", name: "X" }, headers: { "accept-language": "en" } });
    const problem = await problemOf(response);
    expect(problem.errors).toEqual([{ path: "code", code: "category.code_format", message: "Use lower-case letters, digits and hyphens only." }]);
  });
});
