import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { chunkForIn, containsPattern, escapeLike, MAX_IN_LIST, MAX_LIKE_PATTERN_BYTES, placeholders, sqlList, Where } from "../../src/lib/sql";

describe("Where", () => {
  it("joins the given conditions and skips absent optional filters", () => {
    const where = new Where().add("a = ?", 1).optional(undefined, "b = ?").optional("", "c = ?").optional("x", "d = ?").optional(0, "e = ?");
    expect(String(where)).toBe(" WHERE a = ? AND d = ? AND e = ?");
    expect(where.params).toEqual([1, "x", 0]);
  });

  it("is empty without conditions, and an empty IN list matches nothing", () => {
    expect(String(new Where())).toBe("");
    const where = new Where().in("code", []);
    expect(String(where)).toBe(" WHERE 0");
  });

  it("refuses an IN list over the bound-parameter budget instead of failing in D1", () => {
    expect(() =>
      new Where().in(
        "code",
        Array.from({ length: MAX_IN_LIST + 1 }, (_, i) => i),
      ),
    ).toThrow(/chunk/);
  });
});

describe("IN lists and LIKE patterns against D1", () => {
  it("finds 250 codes in chunks that each stay under D1's 100 bound parameters", async () => {
    await env.DB.exec("CREATE TABLE IF NOT EXISTS sql_test (code TEXT PRIMARY KEY, name TEXT)");
    const codes = Array.from({ length: 250 }, (_, i) => `S${i}`);
    await env.DB.batch(codes.map((code) => env.DB.prepare("INSERT OR IGNORE INTO sql_test (code, name) VALUES (?, ?)").bind(code, `name ${code}`)));
    const chunks = chunkForIn(codes);
    expect(chunks.map((chunk) => chunk.length)).toEqual([90, 90, 70]);
    const results = await env.DB.batch(
      chunks.map((chunk) => {
        const where = new Where().in("code", chunk);
        return env.DB.prepare(`SELECT code FROM sql_test${where}`).bind(...where.params);
      }),
    );
    expect(results.flatMap((result) => result.results).length).toBe(250);
  });

  it("escapes LIKE wildcards so a search for 50% finds only that text", async () => {
    await env.DB.exec("CREATE TABLE IF NOT EXISTS like_test (text TEXT)");
    await env.DB.batch(["giảm 50% phí", "giảm 500 phí", "a_b", "axb"].map((text) => env.DB.prepare("INSERT INTO like_test VALUES (?)").bind(text)));
    const find = async (text: string) =>
      (await env.DB.prepare("SELECT text FROM like_test WHERE text LIKE ? ESCAPE '\\'").bind(containsPattern(text)).all()).results.map((row) => row.text);
    expect(await find("50%")).toEqual(["giảm 50% phí"]);
    expect(await find("a_b")).toEqual(["a_b"]);
    expect(escapeLike("1\\2")).toBe("1\\\\2");
  });

  it.each([
    ["a long ASCII search", "a".repeat(100)],
    ["a long Vietnamese search", "đường liên thôn ngập sâu mỗi khi mưa lớn trước nhà văn hóa"],
    ["wildcards that need escaping", "%_\\".repeat(30)],
  ])("keeps the pattern of %s within D1's 50-byte LIKE limit (longer ones are a 500 there), as a prefix of the text", (_name, text) => {
    const pattern = containsPattern(text);
    expect(new TextEncoder().encode(pattern).length).toBeLessThanOrEqual(MAX_LIKE_PATTERN_BYTES);
    expect(pattern.startsWith("%") && pattern.endsWith("%")).toBe(true);
    expect(text.startsWith(pattern.slice(1, -1).replace(/\\(.)/g, "$1"))).toBe(true);
  });

  it("writes constant lists and placeholders", () => {
    expect(sqlList(["received", "it's"])).toBe("'received', 'it''s'");
    expect(placeholders(3)).toBe("?, ?, ?");
  });
});
