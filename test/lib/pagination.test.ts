/**
 * Crafted cursors (issue #7, item 4): a cursor is base64url of the last sort key; anyone can send another.
 * The decoder accepts only a key of the right length and types; every list answers anything else with a
 * 400 on `cursor` (pages: the first page), never a 500 from binding `{}` into SQL.
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { toBase64Url } from "../../src/lib/crypto";
import { decodeCursor, decodeCursorOrStart, encodeCursor, InvalidCursorError } from "../../src/lib/pagination";
import { api, makeAccount, makeUnits, problemOf, type TestAccount } from "../support/factory";

const cursorOf = (json: string) => toBase64Url(new TextEncoder().encode(json));

const CRAFTED = ["[{}]", "[{},{}]", "[[]]", "[[],[]]", "[true]", "[true,false]", "[null,{}]", '["x",{"a":1}]', "{}", '"x"', "123", "[]", "[1e999]"];

describe("decodeCursor", () => {
  it("gives back what encodeCursor made", () => {
    expect(decodeCursor(encodeCursor(["2025-01-02", "id-1"]), ["string", "string"])).toEqual(["2025-01-02", "id-1"]);
    expect(decodeCursor(encodeCursor([42]), ["number"])).toEqual([42]);
    expect(decodeCursor(encodeCursor(["a", 1, null]), 3)).toEqual(["a", 1, null]);
    expect(decodeCursor(undefined, 1)).toBeNull();
    expect(decodeCursor("", ["string"])).toBeNull();
  });

  it.each(CRAFTED)("refuses base64url of %s", (json) => {
    expect(() => decodeCursor(cursorOf(json), 1)).toThrow(InvalidCursorError);
    expect(() => decodeCursor(cursorOf(json), 2)).toThrow(InvalidCursorError);
    expect(decodeCursorOrStart(cursorOf(json), 2)).toBeNull();
  });

  it.each([
    ['["x"]', ["number"]],
    ["[1]", ["string"]],
    ["[1e308]", ["string"]],
    ['["a",1]', ["string", "string"]],
    ['[null,"a"]', ["string", "string"]],
    ["[null]", ["number"]],
  ] as const)("refuses %s where the key is %j", (json, shape) => {
    expect(() => decodeCursor(cursorOf(json), shape)).toThrow(InvalidCursorError);
  });

  it.each(["!!!", "%%%", "a", "x".repeat(50), cursorOf("\u0000"), toBase64Url(Uint8Array.from([0xff, 0xfe, 0x80]))])(
    "refuses %s, which is no cursor at all",
    (cursor) => {
      expect(() => decodeCursor(cursor, 1)).toThrow(InvalidCursorError);
    },
  );
});

describe("every list of /openapi.json with a cursor", () => {
  const roles: Record<string, TestAccount> = {};
  let lists: { path: string; role: string | null }[] = [];

  beforeAll(async () => {
    const units = await makeUnits();
    roles.admin = await makeAccount("admin", null);
    roles.supervisor = await makeAccount("supervisor", units.province);
    roles.commune_head = await makeAccount("commune_head", units.commune);
    roles.commune_staff = await makeAccount("commune_staff", units.commune);
    const document = (await (await SELF.fetch("http://127.0.0.1/openapi.json")).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; "x-roles"?: string[] }>>;
    };
    lists = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method, operation]) => method === "get" && operation.parameters?.some((parameter) => parameter.name === "cursor" && parameter.in === "query"))
        .map(([, operation]) => ({ path, role: operation["x-roles"]?.[0] ?? null })),
    );
  });

  it("finds the lists", () => {
    expect(lists.map((list) => list.path)).toEqual(expect.arrayContaining(["/api/v1/units", "/api/v1/accounts", "/api/v1/audit", "/api/v1/petitions"]));
  });

  it.each(CRAFTED)("answers a cursor of %s with 400 on `cursor` (a list under an unknown parent: never a 5xx)", async (json) => {
    for (const list of lists) {
      const token = list.role ? roles[list.role].token : undefined;
      const path = list.path.replace(/\{[^}]+\}/g, () => crypto.randomUUID());
      const response = await api("GET", `${path}?cursor=${cursorOf(json)}`, { token });
      if (path !== list.path) {
        expect(response.status, list.path).toBeLessThan(500);
        continue;
      }
      expect(response.status, list.path).toBe(400);
      expect(
        (await problemOf(response)).errors?.map((error) => error.path),
        list.path,
      ).toEqual(["cursor"]);
    }
  });

  it.each(["/admin/units", "/admin/accounts", "/admin/audit", "/staff/petitions"])("the page %s shows its first page for a crafted cursor", async (page) => {
    const token = page === "/staff/petitions" ? roles.commune_head.token : roles.admin.token;
    for (const json of CRAFTED) {
      const response = await api("GET", `${page}?cursor=${cursorOf(json)}`, { headers: { cookie: `sid=${token}`, accept: "text/html" } });
      expect(response.status, `${page} ${json}`).toBe(200);
    }
  });
});
