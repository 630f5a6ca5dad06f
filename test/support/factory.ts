import { env, SELF } from "cloudflare:test";
import { hashPassword } from "../../src/auth/password";
import type { Role } from "../../src/auth/roles";
import { createSession } from "../../src/auth/sessions";

let counter = 0;
/** A code unique within the test file (storage is shared by the tests of one file). */
export function uniqueCode(prefix = "T"): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`.slice(0, 20);
}

export type TestUnits = { province: string; commune: string; otherCommune: string; otherProvince: string; otherProvinceCommune: string };

/** Two provinces, two communes in the first and one in the second: enough to test every reach. */
export async function makeUnits(): Promise<TestUnits> {
  const now = new Date().toISOString();
  const units = {
    province: uniqueCode("P"),
    commune: uniqueCode("C"),
    otherCommune: uniqueCode("C"),
    otherProvince: uniqueCode("P"),
    otherProvinceCommune: uniqueCode("C"),
  };
  const insert = env.DB.prepare(
    "INSERT INTO units (code, name, name_folded, level, parent_code, province_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  await env.DB.batch([
    insert.bind(units.province, "Tỉnh Thử", "tinh thu", "province", null, units.province, now, now),
    insert.bind(units.otherProvince, "Tỉnh Khác", "tinh khac", "province", null, units.otherProvince, now, now),
    insert.bind(units.commune, "Xã An Khê", "xa an khe", "commune", units.province, units.province, now, now),
    insert.bind(units.otherCommune, "Xã An Thái", "xa an thai", "commune", units.province, units.province, now, now),
    insert.bind(units.otherProvinceCommune, "Xã Tiến Đức", "xa tien duc", "commune", units.otherProvince, units.otherProvince, now, now),
  ]);
  return units;
}

export type TestAccount = { id: string; email: string; password: string; token: string; role: Role; unitCode: string | null };

/** Cached so that a test file hashes the shared password once, not once per account. */
let sharedHash: Promise<string> | undefined;
export const TEST_PASSWORD = "Test-pass-123";

/**
 * Creates an account directly in D1 with an open session (no PBKDF2 per login). Tests of what pages show give
 * `name` a person's name: the default carries the role's code, which the plain-words test rightly flags.
 */
export async function makeAccount(role: Role, unitCode: string | null, extra: { disabled?: boolean; name?: string } = {}): Promise<TestAccount> {
  sharedHash ??= hashPassword(TEST_PASSWORD);
  const id = crypto.randomUUID();
  const email = `${role}.${uniqueCode("u").toLowerCase()}@test.local`;
  const now = new Date().toISOString();
  await env.DB.prepare(
    "INSERT INTO accounts (id, email, name, role, unit_code, password_hash, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
  )
    .bind(id, email, extra.name ?? `Cán bộ ${role}`, role, unitCode, await sharedHash, extra.disabled ? 1 : 0, now, now)
    .run();
  const provinceCode = unitCode
    ? ((await env.DB.prepare("SELECT province_code FROM units WHERE code = ?").bind(unitCode).first<string>("province_code")) ?? null)
    : null;
  const token = await createSession(env, { id, sessionEpoch: 0 }, { id, email, name: extra.name ?? `Cán bộ ${role}`, role, unitCode, provinceCode });
  return { id, email, password: TEST_PASSWORD, token, role, unitCode };
}

type RequestOptions = { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: BodyInit };

let clientCounter = 0;
/** A client address no other request of the file has used (what CF-Connecting-IP carries). */
export function freshClientAddress(): string {
  clientCounter += 1;
  return `198.18.${Math.floor(clientCounter / 250) % 250}.${clientCounter % 250}`;
}

/**
 * Calls the worker through its fetch handler, as a client would. Each call comes from its own address unless
 * the test names one (`cf-connecting-ip`), so that throttles per address never tie unrelated tests together.
 */
export async function api(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { "cf-connecting-ip": freshClientAddress(), ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: BodyInit | undefined = options.rawBody;
  if (options.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(options.body);
  }
  return SELF.fetch(`http://127.0.0.1${path}`, { method, headers, body, redirect: "manual" });
}

/** Reads a problem+json body and checks its content type. */
export async function problemOf(response: Response): Promise<{
  status: number;
  title: string;
  code: string;
  detail: string;
  errors?: { path: string; code: string; message: string; line?: number }[];
  [key: string]: unknown;
}> {
  const type = response.headers.get("content-type") ?? "";
  if (!type.startsWith("application/problem+json")) throw new Error(`expected problem+json, got ${type} (${response.status}): ${await response.text()}`);
  return response.json();
}
