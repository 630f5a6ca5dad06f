import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  contentDisposition,
  EXPORT_PAGE_ROWS,
  ExportBudgetExceeded,
  type ExportShape,
  exportBody,
  exportCapacity,
  exportResponse,
  keysetPages,
  type PageLoader,
  pageQueries,
} from "../../src/lib/export-stream";

type Row = { id: number; name: string; day: string; at: string };

/** A keyset source of `total` rows over ids 1..total, counting the pages it is asked for. */
function source(total: number) {
  const calls: (number | null)[] = [];
  const load: PageLoader<Row, number> = async (after, limit) => {
    calls.push(after);
    const start = (after ?? 0) + 1;
    const rows: Row[] = [];
    for (let id = start; id <= Math.min(total, start + limit - 1); id++) {
      rows.push({ id, name: id % 2 ? "Nguyễn Thị Bình" : "=cmd|' /C calc'!A0", day: "2026-01-14", at: "2026-01-13T17:00:00.000Z" });
    }
    // As with `LIMIT n + 1`: the loader knows whether rows follow, so no query is spent on an empty page.
    const last = rows[rows.length - 1];
    return { rows, next: last && last.id < total ? last.id : null };
  };
  return { load, calls };
}

const shape: ExportShape<Row> = {
  sheetName: "Đơn thư",
  columns: [
    { header: "Số", type: "number", value: (row) => row.id },
    { header: "Họ và tên", value: (row) => row.name },
    { header: "Ngày", type: "day", value: (row) => row.day },
    { header: "Lúc", type: "instant", value: (row) => row.at },
  ],
  toItem: (row) => ({ id: row.id, name: row.name, day: row.day, at: row.at }),
};

describe("keyset pages", () => {
  it("loads pages one at a time, only when asked", async () => {
    const { load, calls } = source(2_500);
    const pages = keysetPages({ load, pageRows: 1_000, maxPages: 10 });
    expect(calls).toEqual([]);
    expect((await pages.next()).value).toHaveLength(1_000);
    expect(calls).toEqual([null]);
    expect((await pages.next()).value).toHaveLength(1_000);
    expect((await pages.next()).value).toHaveLength(500);
    expect((await pages.next()).done).toBe(true);
    expect(calls).toEqual([null, 1_000, 2_000]);
  });

  it("uses a page loaded beforehand and stops when no rows follow", async () => {
    const { load, calls } = source(2_000);
    const first = await load(null, 1_000);
    const sizes: number[] = [];
    for await (const rows of keysetPages({ load, pageRows: 1_000, maxPages: 2, first })) sizes.push(rows.length);
    expect(sizes).toEqual([1_000, 1_000]);
    expect(calls).toEqual([null, 1_000]);
  });

  it("yields nothing for an empty export", async () => {
    const { load } = source(0);
    const sizes: number[] = [];
    for await (const rows of keysetPages({ load, maxPages: 1 })) sizes.push(rows.length);
    expect(sizes).toEqual([]);
  });

  it("refuses to go past its query budget instead of stopping silently", async () => {
    const { load } = source(5_000);
    const walk = async () => {
      for await (const _ of keysetPages({ load, pageRows: 1_000, maxPages: 3 })) {
        // read everything
      }
    };
    await expect(walk()).rejects.toBeInstanceOf(ExportBudgetExceeded);
  });

  it("states the budget arithmetic: 100,000 rows take 100 queries of 1,000 rows", () => {
    expect(EXPORT_PAGE_ROWS).toBe(1_000);
    expect(pageQueries(100_000)).toBe(100);
    expect(pageQueries(100_001)).toBe(101);
    expect(pageQueries(0)).toBe(1);
    expect(exportCapacity({ budget: 1_000, fixedQueries: 2 })).toBe(998_000);
    expect(exportCapacity({ budget: 50, fixedQueries: 2 })).toBe(48_000);
  });
});

describe("export bodies", () => {
  const body = (format: "csv" | "xlsx" | "json", total: number) => {
    const { load, calls } = source(total);
    return { stream: exportBody(format, shape, keysetPages({ load, pageRows: 1_000, maxPages: 100 })), calls };
  };

  it("CSV: header and every row, dates dd/mm/yyyy in Vietnam's time, formulas neutralised", async () => {
    const records: string[][] = parse(await new Response(body("csv", 2_500).stream).text(), { bom: true });
    expect(records).toHaveLength(2_501);
    expect(records[0]).toEqual(["Số", "Họ và tên", "Ngày", "Lúc"]);
    expect(records[1]).toEqual(["1", "Nguyễn Thị Bình", "14/01/2026", "14/01/2026 00:00"]);
    expect(records[2][1]).toBe("'=cmd|' /C calc'!A0");
    expect(records[2_500][0]).toBe("2500");
  });

  it("XLSX: opens in exceljs with every row", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await new Response(body("xlsx", 2_500).stream).arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe("Đơn thư");
    expect(sheet.rowCount).toBe(2_501);
    expect(sheet.getRow(2_501).getCell(1).value).toBe(2_500);
    expect(sheet.getRow(2).getCell(3).value).toEqual(new Date("2026-01-14T00:00:00Z"));
  });

  it("JSON: one document { items: [...] } with every item, also when empty", async () => {
    const document = JSON.parse(await new Response(body("json", 2_500).stream).text());
    expect(document.items).toHaveLength(2_500);
    expect(document.items[0]).toEqual({ id: 1, name: "Nguyễn Thị Bình", day: "2026-01-14", at: "2026-01-13T17:00:00.000Z" });
    expect(JSON.parse(await new Response(body("json", 0).stream).text())).toEqual({ items: [] });
  });

  it("reads D1 pages only as fast as the download goes (constant memory)", async () => {
    for (const format of ["csv", "xlsx", "json"] as const) {
      const { stream, calls } = body(format, 50_000);
      const reader = stream.getReader();
      let bytes = 0;
      while (bytes < 200_000) bytes += (await reader.read()).value?.length ?? 0;
      // 200 kB is about two pages of CSV or JSON, a dozen of the deflated XLSX (a page is about 18 kB there): of 50
      // pages, only those and one or two ahead have been asked for.
      expect(calls.length, format).toBeLessThanOrEqual(format === "xlsx" ? 15 : 5);
      await reader.cancel();
    }
  });
});

describe("download headers", () => {
  it("names the file in Vietnamese (RFC 5987) with an ASCII fallback", () => {
    const header = contentDisposition("Đơn thư - Xã An Khê (minh họa) 01/2026's.csv");
    expect(header).toMatch(/^attachment; filename="Don thu - Xa An Khe \(minh hoa\) 01\/2026's\.csv"; filename\*=UTF-8''/);
    const encoded = header.split("filename*=UTF-8''")[1];
    expect(encoded).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
    expect(decodeURIComponent(encoded)).toBe("Đơn thư - Xã An Khê (minh họa) 01/2026's.csv");
  });

  it("keeps personal data out of caches and makes names safe", () => {
    const response = exportResponse("csv", 'Đơn thư: "quý" 1/2026', new Response("x").body!);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    const name = decodeURIComponent(response.headers.get("content-disposition")!.split("''")[1]);
    expect(name).toBe("Đơn thư- -quý- 1-2026.csv");
  });
});
