import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { cellXml, columnLetters, daySerial, instantSerial, type SheetCell, sheetName, xlsxStream, xmlText } from "../../src/lib/xlsx";

const columns = [
  { header: "Mã theo dõi", width: 16 },
  { header: "Họ và tên", width: 24 },
  { header: "Nội dung", width: 40 },
  { header: "Số người", type: "number" as const },
  { header: "Ngày nhận", type: "day" as const },
  { header: "Thời điểm gửi", type: "instant" as const },
];

const rows: SheetCell[][] = [
  ["GEN000000001", "Nguyễn Thị Bình", 'Đường ngập <sâu> & "trơn"\nDòng hai', 3, "2026-03-02", "2026-03-01T17:30:00.000Z"],
  ["GEN000000002", '=HYPERLINK("http://evil.example","Bấm")', "+1+2", -4.5, "2025-12-15", "2025-12-31T16:59:59.000Z"],
  ["GEN000000003", "Trần Văn Đức\u0007", "  khoảng trắng đầu", null, null, null],
];

async function* batches() {
  yield rows.slice(0, 1);
  yield rows.slice(1);
}

async function workbookOf(stream: ReadableStream<Uint8Array>) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await new Response(stream).arrayBuffer());
  return workbook;
}

describe("XLSX writer", () => {
  it("opens in exceljs with the Vietnamese sheet name, bold frozen header, widths, text, numbers and dates", async () => {
    const workbook = await workbookOf(xlsxStream({ sheetName: "Đơn thư: quý I/2026", columns, batches: batches() }));
    expect(workbook.worksheets).toHaveLength(1);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe("Đơn thư  quý I 2026");
    expect(sheet.rowCount).toBe(4);

    const header = sheet.getRow(1);
    expect(columns.map((_, index) => header.getCell(index + 1).value)).toEqual(columns.map((column) => column.header));
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getColumn(2).width).toBe(24);

    const first = sheet.getRow(2);
    expect(first.getCell(2).value).toBe("Nguyễn Thị Bình");
    expect(first.getCell(3).value).toBe('Đường ngập <sâu> & "trơn"\nDòng hai');
    expect(first.getCell(4).value).toBe(3);
    expect(first.getCell(4).type).toBe(ExcelJS.ValueType.Number);
    // A local day is a date at midnight; an instant is Vietnam's wall-clock time (01/03 17:30 UTC = 02/03 00:30).
    expect(first.getCell(5).value).toEqual(new Date("2026-03-02T00:00:00.000Z"));
    expect(first.getCell(5).numFmt).toBe("dd/mm/yyyy");
    expect(first.getCell(6).value).toEqual(new Date("2026-03-02T00:30:00.000Z"));
    expect(first.getCell(6).numFmt).toBe("dd/mm/yyyy hh:mm");

    const second = sheet.getRow(3);
    // A formula typed by a resident stays text: it is never a formula cell.
    expect(second.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(second.getCell(2).value).toBe('=HYPERLINK("http://evil.example","Bấm")');
    expect(second.getCell(3).value).toBe("+1+2");
    expect(second.getCell(4).value).toBe(-4.5);
    // Cut to the minute as the CSV shows it, never carried into the next minute (or year).
    expect(second.getCell(6).value).toEqual(new Date("2025-12-31T23:59:00.000Z"));

    const third = sheet.getRow(4);
    expect(third.getCell(2).value).toBe("Trần Văn Đức"); // the bell character XML forbids is dropped
    expect(third.getCell(3).value).toBe("  khoảng trắng đầu");
    expect(third.getCell(4).value).toBeNull();
    expect(third.getCell(5).value).toBeNull();
  });

  it("writes a big sheet batch by batch and it still opens (cells in the right columns)", async () => {
    async function* many() {
      for (let page = 0; page < 5; page++) {
        yield Array.from({ length: 1000 }, (_, index): SheetCell[] => [`R${page * 1000 + index}`, "Lê Thị Hoa", "Nội dung", index, "2026-01-14", null]);
      }
    }
    const workbook = await workbookOf(xlsxStream({ sheetName: "Đơn thư", columns, batches: many() }));
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(5001);
    expect(sheet.getRow(5001).getCell(1).value).toBe("R4999");
    expect(sheet.getRow(5001).getCell(4).value).toBe(999);
  });

  it("asks for the next batch only when the reader wants more: the deflated sheet keeps pace with its reader", async () => {
    let produced = 0;
    async function* counted() {
      for (let page = 0; page < 100; page++) {
        produced++;
        yield Array.from({ length: 500 }, (_, index): SheetCell[] => [`R${page}-${index}`, "Nguyễn Thị Bình", "Đường ngập sau mưa", index, "2026-01-14", null]);
      }
    }
    const reader = xlsxStream({ sheetName: "x", columns, batches: counted() }).getReader();
    let bytes = 0;
    const pace: [number, number][] = [];
    while (bytes < 120_000) {
      bytes += (await reader.read()).value?.length ?? 0;
      pace.push([bytes, produced]);
    }
    // A batch of 500 rows deflates to about 6 kB: after 120 kB some twenty batches, never the hundred.
    expect(produced).toBeGreaterThan(5);
    expect(produced).toBeLessThan(40);
    // And in step all along: never more than a few batches ahead of what was read.
    const ahead = Math.max(...pace.map(([read, batches]) => batches - read / 6_000));
    expect(ahead).toBeLessThan(6);
    await reader.cancel();
  });
});

describe("XLSX cells", () => {
  it("escapes XML and drops forbidden characters", () => {
    expect(xmlText('<a href="x">&</a>\u0000\u001F\uFFFE\uD800')).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    expect(xmlText("😀 Việt")).toBe("😀 Việt");
  });

  it("writes numbers, dates and fallbacks by column type", () => {
    expect(cellXml("B2", 12)).toBe('<c r="B2"><v>12</v></c>');
    expect(cellXml("B2", Number.POSITIVE_INFINITY)).toBe("");
    expect(cellXml("B2", "")).toBe("");
    expect(cellXml("C3", "2026-01-01", "day")).toBe('<c r="C3" s="2"><v>46023</v></c>');
    expect(cellXml("C3", "not a day", "day")).toContain("<t>not a day</t>");
    expect(cellXml("D4", "42", "number")).toBe('<c r="D4"><v>42</v></c>');
    expect(cellXml("D4", "4 người", "number")).toContain("inlineStr");
    expect([1, 26, 27, 52, 53, 702, 703].map(columnLetters)).toEqual(["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]);
  });

  it("counts serial days as spreadsheets do (1900 system), instants in UTC+7", () => {
    expect(daySerial("1900-03-01")).toBe(61);
    expect(daySerial("2026-01-01")).toBe(46023);
    expect(daySerial("2026-13-01")).toBeNull();
    expect(instantSerial("2025-12-31T17:00:00.000Z")).toBe(46023);
    expect(instantSerial("2026-01-01T05:00:00.000Z")).toBe(46023.5);
    // Seconds are cut, so every spreadsheet program shows the minute the CSV shows.
    expect(instantSerial("2026-01-01T05:55:59.999Z")).toBe(instantSerial("2026-01-01T05:55:00.000Z"));
    expect(instantSerial("nope")).toBeNull();
  });

  it("makes sheet names Excel accepts", () => {
    expect(sheetName("Báo cáo [quý] 1/2026?")).toBe("Báo cáo  quý  1 2026");
    expect(sheetName("'Sổ tiếp công dân'")).toBe("Sổ tiếp công dân");
    expect(sheetName("x".repeat(40))).toHaveLength(31);
    expect(sheetName("***")).toBe("Sheet1");
  });
});
