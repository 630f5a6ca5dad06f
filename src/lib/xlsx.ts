/**
 * A one-sheet XLSX (Office Open XML spreadsheet) written as a stream: the sheet's XML is produced batch by batch
 * and zipped on the fly, deflated (lib/zip.ts: constant memory; a 100,000-row sheet goes from 108 MiB stored to
 * about a tenth of that).
 *
 * Choices, each for a reason:
 * - Inline strings (`t="inlineStr"`), no shared-strings table: a shared table must be complete before the sheet
 *   that refers to it, which would mean holding every distinct string in memory.
 * - Numbers are numbers (`<v>`), so sums and filters work.
 * - Days and instants are real dates (serial numbers) shown through an explicit `dd/mm/yyyy` (`dd/mm/yyyy hh:mm`)
 *   format: they sort and filter as dates and subtract into durations, which text cannot; the explicit format
 *   keeps the Vietnamese day-first order whatever the reader's locale (the built-in date format 14 follows it).
 *   Instants are shown in Vietnam's time (UTC+7), as everything else in the product.
 * - Text cells are never formulas in XLSX (an inline string is literal), so unlike CSV nothing needs a leading
 *   apostrophe; characters XML 1.0 forbids (control characters a resident may paste) are dropped, as they would
 *   make the whole file unreadable.
 * - Row 1 is the header, bold and frozen; columns have widths. Every cell carries its `r` reference: the format
 *   makes it optional, but exceljs (and other readers) refuse cells without it.
 */
import { textStream } from "./streams";
import { zipStream } from "./zip";

export type SheetCellType = "text" | "number" | "day" | "instant";
export type SheetColumn = { header: string; type?: SheetCellType; width?: number };
/** A cell: text, a number, a local day `YYYY-MM-DD` or an ISO instant (by the column's type), or nothing. */
export type SheetCell = string | number | null | undefined;

export type XlsxOptions = {
  sheetName: string;
  columns: readonly SheetColumn[];
  batches: AsyncIterable<readonly (readonly SheetCell[])[]>;
  /** The files' modification time inside the zip; now by default. */
  modified?: Date;
};

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Excel's limit of characters in a cell. */
const MAX_CELL_CHARS = 32_767;
/** Style indexes in `STYLES` below. */
const STYLE = { header: 1, day: 2, instant: 3 } as const;

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const CONTENT_TYPES = `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;

const ROOT_RELS = `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

const WORKBOOK_RELS = `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`;

/** Fonts: regular and bold. Formats 164/165: day-first dates. Cell styles: 0 plain, 1 header, 2 day, 3 day and time. */
const STYLES = `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy hh:mm"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

/** Characters XML 1.0 does not allow: C0 controls but tab, LF, CR; lone surrogates; U+FFFE and U+FFFF. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text made safe for XML content and attributes. */
export function xmlText(text: string): string {
  return text.replace(XML_FORBIDDEN, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A sheet name Excel accepts: no `: \ / ? * [ ]`, no apostrophe at either end, at most 31 characters. */
export function sheetName(name: string): string {
  const cleaned = name
    .replace(XML_FORBIDDEN, "")
    .replace(/[:\\/?*[\]]/g, " ")
    .replace(/^'+|'+$/g, "")
    .trim()
    .slice(0, 31)
    .trim();
  return cleaned || "Sheet1";
}

const DAY_MS = 86_400_000;
/** Day 0 of spreadsheet serial dates (the 1900 system, counting Lotus's phantom 29/02/1900). */
const SERIAL_EPOCH = Date.UTC(1899, 11, 30);
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The serial number of a local day `YYYY-MM-DD`, or null when it is not one. */
export function daySerial(day: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const time = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(time) ? null : (time - SERIAL_EPOCH) / DAY_MS;
}

/**
 * The serial number of an instant in Vietnam's local time, cut to the minute (as the CSV shows it); null when it is
 * not an instant. Cut, not rounded: LibreOffice rounds seconds into the shown minute and Excel does not, so with
 * seconds kept 12:55:40 would read 12:56 in one and 12:55 in the other and in the CSV.
 */
export function instantSerial(iso: string): number | null {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return null;
  const minutes = Math.floor((time + VIETNAM_OFFSET_MS - SERIAL_EPOCH) / 60_000);
  return minutes / 1440;
}

/** The letters of a column (1 → A, 27 → AA). */
export function columnLetters(column: number): string {
  let letters = "";
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

function textCell(ref: string, text: string, style = 0): string {
  const clipped = text.length > MAX_CELL_CHARS ? text.slice(0, MAX_CELL_CHARS) : text;
  // Leading or trailing spaces and line breaks survive only with xml:space="preserve".
  const space = /^\s|\s$|\n/.test(clipped) ? ' xml:space="preserve"' : "";
  return `<c r="${ref}" t="inlineStr"${style ? ` s="${style}"` : ""}><is><t${space}>${xmlText(clipped)}</t></is></c>`;
}

/** One cell at `ref` (A2) as the column's type says; a value that does not fit the type is written as text; empty cells are left out. */
export function cellXml(ref: string, value: SheetCell, type: SheetCellType = "text"): string {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "number") return Number.isFinite(value) ? `<c r="${ref}"><v>${value}</v></c>` : "";
  if (type === "day" || type === "instant") {
    const serial = type === "day" ? daySerial(value) : instantSerial(value);
    if (serial !== null) return `<c r="${ref}" s="${type === "day" ? STYLE.day : STYLE.instant}"><v>${serial}</v></c>`;
  }
  if (type === "number" && /^-?\d+(\.\d+)?$/.test(value)) return `<c r="${ref}"><v>${value}</v></c>`;
  return textCell(ref, value);
}

function sheetHead(columns: readonly SheetColumn[]): string {
  const widths = columns
    .map(
      (column, index) =>
        `<col min="${index + 1}" max="${index + 1}" width="${column.width ?? Math.max(10, Math.min(50, column.header.length + 2))}" customWidth="1"/>`,
    )
    .join("");
  const header = columns.map((column, index) => textCell(`${columnLetters(index + 1)}1`, column.header, STYLE.header)).join("");
  return (
    `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${widths}</cols><sheetData><row r="1">${header}</row>`
  );
}

/** The worksheet's XML as text pieces: head and header row, one piece per batch of rows, then the end. */
async function* sheetXml(columns: readonly SheetColumn[], batches: AsyncIterable<readonly (readonly SheetCell[])[]>): AsyncGenerator<string> {
  yield sheetHead(columns);
  const letters = columns.map((_, index) => columnLetters(index + 1));
  let rowNumber = 1;
  for await (const rows of batches) {
    let chunk = "";
    for (const row of rows) {
      rowNumber++;
      chunk += `<row r="${rowNumber}">`;
      for (let index = 0; index < columns.length; index++) chunk += cellXml(letters[index] + rowNumber, row[index], columns[index].type);
      chunk += "</row>";
    }
    yield chunk;
  }
  yield "</sheetData></worksheet>";
}

/** The XLSX file as a stream of bytes; the rows are read from `batches` only as fast as the reader takes them. */
export function xlsxStream(options: XlsxOptions): ReadableStream<Uint8Array> {
  const lastModified = options.modified ?? new Date();
  const workbook = `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="${xmlText(sheetName(options.sheetName))}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  return zipStream([
    { name: "[Content_Types].xml", input: CONTENT_TYPES, lastModified },
    { name: "_rels/.rels", input: ROOT_RELS, lastModified },
    { name: "xl/workbook.xml", input: workbook, lastModified },
    { name: "xl/_rels/workbook.xml.rels", input: WORKBOOK_RELS, lastModified },
    { name: "xl/styles.xml", input: STYLES, lastModified },
    { name: "xl/worksheets/sheet1.xml", input: textStream(sheetXml(options.columns, options.batches)), lastModified },
  ]);
}
