import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CSV_BOM, csvField, csvRecord, csvStream, neutraliseFormula, parseCsv } from "../../src/lib/csv";

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

describe("CSV writer", () => {
  const header = ["Mã", "Họ và tên", "Nội dung", "Số người"];
  const rows: (string | number | null)[][] = [
    ["A1", "Nguyễn Thị Bình", 'Đường ngập, "sâu" quá\r\ndòng hai', 3],
    ["A2", '=HYPERLINK("http://evil.example","Bấm")', "+1+2", -4],
    ["A3", "@SUM(A1:A2)", "-2+3", 0],
    ["A4", "\tTab đầu", "\rCR đầu", null],
    ["A5", "Trần Văn Đức", "a = b không phải công thức", 1.5],
  ];

  async function* batches() {
    // Two batches, as pages from D1 arrive.
    yield rows.slice(0, 2);
    yield rows.slice(2);
  }

  async function written(): Promise<Uint8Array> {
    return new Uint8Array(await new Response(csvStream(header, batches())).arrayBuffer());
  }

  it("starts with a UTF-8 BOM and ends every record with CRLF", async () => {
    const bytes = await written();
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(CSV_BOM).toBe("\uFEFF");
    expect(text.startsWith(`Mã,Họ và tên,Nội dung,Số người\r\n`)).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/"[^"]*"/g, "").split("\r\n").length - 1).toBe(rows.length + 1);
  });

  it("parses back with csv-parse: same rows, Vietnamese intact, formulas neutralised, numbers as written", async () => {
    const text = new TextDecoder().decode(await written());
    const parsed: string[][] = parse(text, { bom: true, relax_column_count: false });
    expect(parsed[0]).toEqual(header);
    expect(parsed.slice(1)).toEqual([
      ["A1", "Nguyễn Thị Bình", 'Đường ngập, "sâu" quá\r\ndòng hai', "3"],
      ["A2", '\'=HYPERLINK("http://evil.example","Bấm")', "'+1+2", "-4"],
      ["A3", "'@SUM(A1:A2)", "'-2+3", "0"],
      ["A4", "'\tTab đầu", "'\rCR đầu", ""],
      ["A5", "Trần Văn Đức", "a = b không phải công thức", "1.5"],
    ]);
    // No parsed text cell starts with a formula trigger.
    for (const row of parsed.slice(1)) for (const cell of row.slice(1, 3)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("agrees with the project's own parser", async () => {
    const text = new TextDecoder().decode(await written());
    expect(parseCsv(text).map((record) => record.fields)).toEqual(parse(text, { bom: true }));
  });

  it("neutralises only text: a negative number stays a number", () => {
    expect(neutraliseFormula("-5")).toBe("'-5");
    expect(csvRecord([-5, "-5", "Bình"])).toBe("-5,'-5,Bình\r\n");
    expect(csvRecord([Number.NaN, null, undefined])).toBe(",,\r\n");
  });

  it("asks for the next batch only when the reader wants more (streaming, not buffering)", async () => {
    let produced = 0;
    async function* counted() {
      for (let page = 0; page < 100; page++) {
        produced++;
        yield [[`row ${page}`]];
      }
    }
    const reader = csvStream(["x"], counted()).getReader();
    await reader.read(); // BOM + header
    await reader.read(); // first batch
    expect(produced).toBeLessThanOrEqual(3);
    await reader.cancel();
    expect(produced).toBeLessThanOrEqual(3);
  });
});
