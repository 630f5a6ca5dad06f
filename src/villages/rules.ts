/** Villages: who may see a head's contacts, and the all-or-nothing CSV import plan. Pure: no I/O. */
import * as v from "valibot";
import type { SessionUser } from "../auth/sessions";
import type { CsvRecord } from "../lib/csv";
import type { FieldError } from "../lib/problem";
import { foldDiacritics } from "../lib/text";
import { issuesToErrors } from "../lib/validate";
import { type CreateVillageInput, createVillageSchema } from "./schema";

/** The unit's officials, the province's supervisors and administrators see heads' phones and emails. */
export function canSeeContacts(user: SessionUser | undefined, unit: { code: string; provinceCode: string }): boolean {
  if (!user) return false;
  if (user.role === "admin") return true;
  if (user.role === "supervisor") return user.provinceCode === unit.provinceCode;
  return user.unitCode === unit.code;
}

/** The commune head of the unit and administrators change a commune's villages. */
export function canManageVillages(user: SessionUser, unitCode: string): boolean {
  return user.role === "admin" || (user.role === "commune_head" && user.unitCode === unitCode);
}

export const VILLAGE_CSV_COLUMNS = ["name", "head_name", "head_phone", "head_email"] as const;
export const MAX_VILLAGE_ROWS = 500;

export type PlannedVillage = CreateVillageInput & { nameFolded: string };

/**
 * Checks a whole village list before anything is written: header, every row against the API's schema, and
 * names repeated in the file (compared folded, as the database does). Errors carry CSV line numbers.
 */
export function planVillageImport(records: CsvRecord[]): { errors: FieldError[]; villages: PlannedVillage[] } {
  const [header, ...rows] = records;
  if (!header) return { errors: [{ line: 1, path: "header", code: "csv.empty" }], villages: [] };
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const unknown = columns.filter((name) => !(VILLAGE_CSV_COLUMNS as readonly string[]).includes(name));
  if (!columns.includes("name") || unknown.length) {
    return {
      errors: [
        {
          line: header.line,
          path: "header",
          code: "village.csv_header",
          params: { columns: VILLAGE_CSV_COLUMNS.join(","), unknown: unknown.join(",") || "-" },
        },
      ],
      villages: [],
    };
  }
  const errors: FieldError[] = [];
  if (rows.length === 0) errors.push({ line: header.line, path: "header", code: "csv.no_rows" });
  if (rows.length > MAX_VILLAGE_ROWS) errors.push({ line: header.line, path: "header", code: "village.csv_too_many", params: { max: MAX_VILLAGE_ROWS } });
  const seen = new Map<string, number>();
  const villages: PlannedVillage[] = [];
  for (const row of rows) {
    if (row.fields.length !== columns.length) {
      errors.push({ line: row.line, path: "row", code: "csv.field_count", params: { expected: columns.length, found: row.fields.length } });
      continue;
    }
    const raw: Record<string, string | undefined> = {};
    columns.forEach((name, index) => {
      const value = row.fields[index].trim();
      raw[name] = value === "" ? undefined : value;
    });
    const result = v.safeParse(createVillageSchema, { name: raw.name ?? "", headName: raw.head_name, headPhone: raw.head_phone, headEmail: raw.head_email });
    if (!result.success) {
      const fieldNames: Record<string, string> = { name: "name", headName: "head_name", headPhone: "head_phone", headEmail: "head_email" };
      for (const error of issuesToErrors(result.issues)) errors.push({ ...error, path: fieldNames[error.path] ?? error.path, line: row.line });
      continue;
    }
    const nameFolded = foldDiacritics(result.output.name);
    const earlier = seen.get(nameFolded);
    if (earlier !== undefined) {
      errors.push({ line: row.line, path: "name", code: "village.csv_duplicate", params: { name: result.output.name, line: earlier } });
      continue;
    }
    seen.set(nameFolded, row.line);
    villages.push({ ...result.output, nameFolded });
  }
  return errors.length ? { errors, villages: [] } : { errors, villages };
}
