import { describe, expect, it } from "vitest";
import { csvField, parseCsv } from "../../src/lib/csv";

describe("parseCsv", () => {
  it("reads quoted fields, escaped quotes, embedded newlines, CRLF and a BOM, with start lines", () => {
    const records = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"multi\nline",z\n\nlast,row');
    expect(records).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, y", 'say "hi"'] },
      { line: 3, fields: ["multi\nline", "z"] },
      { line: 6, fields: ["last", "row"] },
    ]);
  });

  it("keeps empty trailing fields", () => {
    expect(parseCsv("a,,\n")).toEqual([{ line: 1, fields: ["a", "", ""] }]);
  });

  it("throws on an unterminated quote, naming the line", () => {
    expect(() => parseCsv('a\n"open')).toThrow(/line 2/);
  });

  it("quotes only fields that need it, and round-trips", () => {
    const values = ["plain", "with,comma", 'with "quote"', "line\nbreak", "Đường ngập"];
    expect(csvField("plain")).toBe("plain");
    expect(parseCsv(values.map(csvField).join(","))[0].fields).toEqual(values);
  });
});
