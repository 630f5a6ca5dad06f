/**
 * Large exports as streams: rows come from D1 in keyset pages, each page is written out (CSV, XLSX or JSON) and
 * dropped before the next is asked for, so memory stays flat however many rows there are, and a slow download
 * slows the reading down instead of filling memory.
 *
 * The query budget: a Worker invocation may make 50 D1 queries on the Free plan and 1,000 on Workers Paid
 * (STACK.md). An export spends one query per page plus a few of its own (context, audit), so it can promise
 * at most `(budget − fixed) × pageRows` rows; `exportCapacity` says how many, and an export that needs more is
 * refused before the first byte, never cut off half-way (a truncated file looks complete).
 */
import { type CsvCell, csvStream } from "./csv";
import { formatDay, formatInstant } from "./dates";
import { textStream } from "./streams";
import { type SheetCell, type SheetColumn, XLSX_CONTENT_TYPE, xlsxStream } from "./xlsx";

export const EXPORT_FORMATS = ["csv", "xlsx", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Rows per D1 query. 1,000 keeps a page of petitions (content and answer up to 10,000 characters each) below
 * D1's 50 MB per result even at those maximums (typically a few hundred kB), and so a page in memory small;
 * 100,000 rows take 100 queries: more than the Free plan's 50, within Workers Paid's 1,000.
 */
export const EXPORT_PAGE_ROWS = 1_000;

/** One page of a keyset walk: its rows and the key to continue after (null when this was the last). */
export type Page<Row, Key> = { rows: Row[]; next: Key | null };
/** Loads the page that follows `after` (the first page when null), at most `limit` rows. */
export type PageLoader<Row, Key> = (after: Key | null, limit: number) => Promise<Page<Row, Key>>;

/** How many rows an export may hold within a query budget, given the queries it spends besides its pages. */
export function exportCapacity(options: { budget: number; fixedQueries: number; pageRows?: number }): number {
  return Math.max(0, options.budget - options.fixedQueries) * (options.pageRows ?? EXPORT_PAGE_ROWS);
}

/**
 * Queries the pages of `rows` rows take, for loaders that read `limit + 1` rows to learn whether another page
 * follows (so no query is spent on an empty last page): 100,000 rows in pages of 1,000 take 100.
 */
export function pageQueries(rows: number, pageRows = EXPORT_PAGE_ROWS): number {
  return Math.max(1, Math.ceil(rows / pageRows));
}

/** Thrown when a walk needs more pages than it was given (rows arrived between the count and the walk). */
export class ExportBudgetExceeded extends Error {}

/**
 * The pages of a keyset walk, loaded one at a time as the consumer asks. `first` is a page loaded beforehand
 * (so that errors surface before the response starts); `maxPages` counts every page loaded, `first` included.
 */
export async function* keysetPages<Row, Key>(options: {
  load: PageLoader<Row, Key>;
  pageRows?: number;
  maxPages: number;
  first?: Page<Row, Key>;
}): AsyncGenerator<Row[]> {
  const pageRows = options.pageRows ?? EXPORT_PAGE_ROWS;
  let page = options.first ?? (await options.load(null, pageRows));
  let loaded = 1;
  for (;;) {
    if (page.rows.length > 0) yield page.rows;
    if (page.next === null) return;
    if (loaded >= options.maxPages) throw new ExportBudgetExceeded(`export needs more than ${options.maxPages} pages`);
    page = await options.load(page.next, pageRows);
    loaded++;
  }
}

/**
 * A column of a CSV or XLSX export: header words, how to read the value from a row, and its type — `day`
 * (a local `YYYY-MM-DD`) and `instant` (ISO) are written dd/mm/yyyy[ HH:mm] in CSV and as dates in XLSX.
 */
export type ExportColumn<Row> = SheetColumn & { value: (row: Row) => SheetCell };

/** What to write: columns for people (CSV, XLSX), items for programs (JSON). */
export type ExportShape<Row> = {
  columns: readonly ExportColumn<Row>[];
  sheetName: string;
  toItem: (row: Row) => unknown;
};

function csvValue<Row>(column: ExportColumn<Row>, row: Row): CsvCell {
  const value = column.value(row);
  if (typeof value !== "string" || value === "") return value;
  if (column.type === "day") return formatDay(value);
  if (column.type === "instant") return formatInstant(value);
  return value;
}

async function* mapBatches<Row, Out>(batches: AsyncIterable<Row[]>, map: (row: Row) => Out): AsyncGenerator<Out[]> {
  for await (const rows of batches) yield rows.map(map);
}

/** The export's bytes in one format, produced page by page as the reader takes them. */
export function exportBody<Row>(format: ExportFormat, shape: ExportShape<Row>, batches: AsyncIterable<Row[]>): ReadableStream<Uint8Array> {
  const { columns } = shape;
  if (format === "csv") {
    return csvStream(
      columns.map((column) => column.header),
      mapBatches(batches, (row) => columns.map((column) => csvValue(column, row))),
    );
  }
  if (format === "xlsx") {
    return xlsxStream({
      sheetName: shape.sheetName,
      columns,
      batches: mapBatches(batches, (row) => columns.map((column) => column.value(row))),
    });
  }
  return textStream(
    (async function* () {
      yield '{"items":[';
      let first = true;
      for await (const rows of batches) {
        let chunk = "";
        for (const row of rows) {
          chunk += (first ? "" : ",") + JSON.stringify(shape.toItem(row));
          first = false;
        }
        yield chunk;
      }
      yield "]}";
    })(),
  );
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: XLSX_CONTENT_TYPE,
  json: "application/json; charset=utf-8",
};

/** Percent-encodes for RFC 5987 `ext-value`: only attr-chars stay as they are (`encodeURIComponent` leaves `'()*`). */
function encodeRfc5987(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `Content-Disposition` for a download whose name has Vietnamese in it (RFC 6266 with RFC 5987's `filename*`):
 * browsers use the UTF-8 name; older clients the ASCII fallback, without diacritics ("Đơn thư" → "Don thu").
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^\x20-\x7e]|["\\%;]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}

/** Characters that have no place in a file name on common systems. */
export function safeFileName(name: string): string {
  return (
    name
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
      .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "-")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 150)
  );
}

/** The download: the stream, its type, its (Vietnamese) file name, and no caching — exports may hold personal data. */
export function exportResponse(format: ExportFormat, baseName: string, body: ReadableStream<Uint8Array>): Response {
  return new Response(body, {
    headers: {
      "content-type": CONTENT_TYPES[format],
      "content-disposition": contentDisposition(`${safeFileName(baseName)}.${format}`),
      // `private` as well: no shared cache may keep a file that may hold residents' identities, whatever it makes of no-store.
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
