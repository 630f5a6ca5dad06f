import { textStream } from "./streams";

/** A parsed CSV record with the 1-based line number where it starts (for error messages). */
export type CsvRecord = { line: number; fields: string[] };

/**
 * Parses RFC 4180 CSV: quoted fields with "" escapes and embedded newlines, CRLF or LF,
 * a leading UTF-8 BOM (Excel writes one). Blank lines are skipped.
 */
export function parseCsv(text: string): CsvRecord[] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === "\n") line++;
        field += char;
      }
    } else if (char === '"' && field === "") {
      quoted = true;
    } else if (char === ",") {
      fields.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && source[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += char;
    }
  }
  if (quoted) throw new SyntaxError(`Unterminated quoted field starting on line ${recordLine}`);
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}

/** Quotes one CSV field when it needs it (RFC 4180). */
export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Excel needs a byte order mark to read a CSV file as UTF-8 (otherwise Vietnamese turns into mojibake). */
export const CSV_BOM = "\uFEFF";

/** A cell value: text, a number (written as it is), or nothing. */
export type CsvCell = string | number | null | undefined;

/**
 * Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) gets a leading
 * apostrophe, so opening an export can never execute what a resident typed (OWASP "CSV injection").
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One record: text neutralised and quoted when needed, numbers as they are, CRLF at the end (RFC 4180). */
export function csvRecord(cells: readonly CsvCell[]): string {
  return `${cells.map((cell) => (typeof cell === "number" ? (Number.isFinite(cell) ? String(cell) : "") : csvField(neutraliseFormula(cell ?? "")))).join(",")}\r\n`;
}

/**
 * A CSV file as a stream: BOM and header first, then one chunk per batch of rows, each produced only when the
 * reader asks for it. The header is neutralised like any cell.
 */
export function csvStream(header: readonly string[], batches: AsyncIterable<readonly (readonly CsvCell[])[]>): ReadableStream<Uint8Array> {
  return textStream(
    (async function* () {
      yield CSV_BOM + csvRecord(header);
      for await (const rows of batches) {
        let chunk = "";
        for (const row of rows) chunk += csvRecord(row);
        yield chunk;
      }
    })(),
  );
}
