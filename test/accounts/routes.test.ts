import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, problemOf, type TestAccount, type TestUnits } from "../support/factory";

let units: TestUnits;
let admin: TestAccount;
let supervisor: TestAccount;
let head: TestAccount;
let staff: TestAccount;
let otherHead: TestAccount;
let otherProvinceHead: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  admin = await makeAccount("admin", null);
  supervisor = await makeAccount("supervisor", units.province);
  head = await makeAccount("commune_head", units.commune);
  staff = await makeAccount("commune_staff", units.commune);
  otherHead = await makeAccount("commune_head", units.otherCommune);
  otherProvinceHead = await makeAccount("commune_head", units.otherProvinceCommune);
});

const accountCount = async (email: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM accounts WHERE email = ?").bind(email).first<{ n: number }>())?.n;

describe("POST /api/v1/accounts", () => {
  it("lets an administrator create a commune head who can then sign in", async () => {
    const email = "chu.tich.ankhe@test.local";
    const response = await api("POST", "/api/v1/accounts", {
      token: admin.token,
      body: { email: "Chu.Tich.AnKhe@test.local", name: "Nguyễn Văn A", password: "Head-pass-123", role: "commune_head", unitCode: units.commune },
    });
    expect(response.status).toBe(201);
    const account = await response.json<{ id: string }>();
    expect(account).toEqual({ id: account.id, email, name: "Nguyễn Văn A", role: "commune_head", unitCode: units.commune, disabled: false });
    const login = await api("POST", "/api/v1/auth/login", { body: { email, password: "Head-pass-123" } });
    expect(login.status).toBe(200);
    const audit = await env.DB.prepare("SELECT action, actor_id FROM audit_log WHERE target_id = ?").bind(account.id).first();
    expect(audit).toEqual({ action: "account.create", actor_id: admin.id });
  });

  it("refuses every other role with 403 and stores nothing", async () => {
    for (const caller of [supervisor, head, staff]) {
      const email = `x.${caller.role}@test.local`;
      const response = await api("POST", "/api/v1/accounts", {
        token: caller.token,
        body: { email, name: "X", password: "Some-pass-123", role: "commune_staff", unitCode: units.commune },
      });
      expect(response.status).toBe(403);
      expect(await accountCount(email)).toBe(0);
    }
  });

  it("answers bad input with field errors and stores nothing", async () => {
    const response = await api("POST", "/api/v1/accounts", { token: admin.token, body: { email: "bad", name: "", password: "short", role: "mayor" } });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.errors?.map((error) => error.path).sort()).toEqual(["email", "name", "password", "role"]);
  });

  it("checks that the unit fits the role", async () => {
    const cases = [
      { role: "supervisor", unitCode: units.commune },
      { role: "commune_head", unitCode: units.province },
      { role: "commune_staff", unitCode: undefined },
      { role: "commune_staff", unitCode: "NOSUCHUNIT" },
    ];
    for (const [index, body] of cases.entries()) {
      const email = `fit${index}@test.local`;
      const response = await api("POST", "/api/v1/accounts", { token: admin.token, body: { email, name: "X", password: "Some-pass-123", ...body } });
      expect(response.status).toBe(400);
      expect((await problemOf(response)).errors?.[0].path).toBe("unitCode");
      expect(await accountCount(email)).toBe(0);
    }
  });

  it("answers 409 for an email already in use, whatever its case", async () => {
    const response = await api("POST", "/api/v1/accounts", {
      token: admin.token,
      body: { email: head.email.toUpperCase(), name: "X", password: "Some-pass-123", role: "commune_staff", unitCode: units.commune },
    });
    expect(response.status).toBe(409);
  });
});

describe("GET /api/v1/accounts: each role sees its reach", () => {
  const emailsFor = async (token: string, query = "") => {
    const response = await api("GET", `/api/v1/accounts${query}`, { token });
    expect(response.status).toBe(200);
    return (await response.json<{ items: { email: string }[] }>()).items.map((item) => item.email);
  };

  it("commune officials see their own unit only", async () => {
    const emails = await emailsFor(staff.token);
    expect(emails).toContain(head.email);
    expect(emails).not.toContain(otherHead.email);
    expect(emails).not.toContain(otherProvinceHead.email);
  });

  it("a supervisor sees the province and not beyond", async () => {
    const emails = await emailsFor(supervisor.token);
    expect(emails).toEqual(expect.arrayContaining([head.email, otherHead.email]));
    expect(emails).not.toContain(otherProvinceHead.email);
  });

  it("a unit outside the caller's reach is 404, not 403", async () => {
    expect((await api("GET", `/api/v1/accounts?unit=${units.otherCommune}`, { token: head.token })).status).toBe(404);
    expect((await api("GET", `/api/v1/accounts?unit=${units.otherProvinceCommune}`, { token: supervisor.token })).status).toBe(404);
    expect((await api("GET", `/api/v1/accounts?unit=${units.otherCommune}`, { token: supervisor.token })).status).toBe(200);
  });

  it("an administrator sees everyone and may filter by role", async () => {
    const heads = await emailsFor(admin.token, "?role=commune_head&limit=200");
    expect(heads).toEqual(expect.arrayContaining([head.email, otherHead.email, otherProvinceHead.email]));
    expect(heads).not.toContain(staff.email);
  });
});

describe("PATCH /api/v1/accounts/:id", () => {
  it("renames, moves and resets; a reset ends the account's sessions", async () => {
    const official = await makeAccount("commune_staff", units.commune);
    const response = await api("PATCH", `/api/v1/accounts/${official.id}`, {
      token: admin.token,
      body: { name: "Tên Mới", unitCode: units.otherCommune, password: "Reset-pass-123" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: "Tên Mới", unitCode: units.otherCommune });
    expect((await api("GET", "/api/v1/me", { token: official.token })).status).toBe(401);
    const audit = await env.DB.prepare("SELECT detail FROM audit_log WHERE target_id = ? AND action = 'account.update'")
      .bind(official.id)
      .first<{ detail: string }>();
    expect(audit?.detail).not.toContain("Reset-pass-123");
  });

  it("answers 404 for an unknown id, 400 for a malformed one or an empty patch", async () => {
    expect((await api("PATCH", `/api/v1/accounts/${crypto.randomUUID()}`, { token: admin.token, body: { name: "X" } })).status).toBe(404);
    expect((await api("PATCH", "/api/v1/accounts/not-a-uuid", { token: admin.token, body: { name: "X" } })).status).toBe(400);
    expect((await api("PATCH", `/api/v1/accounts/${staff.id}`, { token: admin.token, body: {} })).status).toBe(400);
  });

  it("keeps an administrator from locking themself out", async () => {
    const response = await api("PATCH", `/api/v1/accounts/${admin.id}`, { token: admin.token, body: { disabled: true } });
    expect(response.status).toBe(409);
  });

  it("is refused to non-administrators", async () => {
    expect((await api("PATCH", `/api/v1/accounts/${staff.id}`, { token: head.token, body: { name: "X" } })).status).toBe(403);
  });
});
