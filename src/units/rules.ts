import * as v from "valibot";
import type { CsvRecord } from "../lib/csv";
import type { FieldError, MessageCode } from "../lib/problem";
import { issuesToErrors } from "../lib/validate";
import { type CreateUnitInput, createUnitSchema, type UnitLevel } from "./schema";

/** Which levels a unit of each level may hang under. Districts exist only in pre-2025 records. */
const ALLOWED_PARENT_LEVELS: Record<UnitLevel, readonly (UnitLevel | null)[]> = {
  province: [null],
  district: ["province"],
  commune: ["province", "district"],
  ward: ["province", "district"],
  special_zone: ["province", "district"],
};

export function parentLevelError(level: UnitLevel, parentLevel: UnitLevel | null): MessageCode | null {
  if (ALLOWED_PARENT_LEVELS[level].includes(parentLevel)) return null;
  return parentLevel === null ? "unit.needs_parent" : "unit.parent_level";
}

/** What the rules need to know about a unit already stored. */
export type KnownUnit = { code: string; level: UnitLevel; provinceCode: string };

/** A unit ready to write: validated, with its province derived from the parent chain. */
export type PlannedUnit = CreateUnitInput & { provinceCode: string };

export const UNIT_CSV_COLUMNS = ["code", "name", "level", "parent_code", "valid_from", "valid_to", "replaced_by"] as const;
const REQUIRED_COLUMNS = UNIT_CSV_COLUMNS.slice(0, 4);

/**
 * Validates a whole unit list (the official import) against itself and the stored units.
 * Returns every error with its CSV line, or the units to write — never a part of them.
 * `lookup` answers for codes not in the file.
 */
export function planUnitImport(records: CsvRecord[], lookup: (code: string) => KnownUnit | undefined): { errors: FieldError[]; units: PlannedUnit[] } {
  const errors: FieldError[] = [];
  const [header, ...rows] = records;
  if (!header) return { errors: [{ line: 1, path: "header", code: "csv.empty" }], units: [] };
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  const unknown = columns.filter((name) => !(UNIT_CSV_COLUMNS as readonly string[]).includes(name));
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  if (unknown.length || missing.length) {
    const params = { columns: UNIT_CSV_COLUMNS.join(","), missing: missing.join(",") || "-", unknown: unknown.join(",") || "-" };
    return { errors: [{ line: header.line, path: "header", code: "unit.csv_header", params }], units: [] };
  }
  if (rows.length === 0) errors.push({ line: header.line, path: "header", code: "csv.no_rows" });

  const parsed = new Map<string, { line: number; unit: CreateUnitInput }>();
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
    const result = v.safeParse(createUnitSchema, {
      code: raw.code ?? "",
      name: raw.name ?? "",
      level: raw.level ?? "",
      parentCode: raw.parent_code,
      validFrom: raw.valid_from,
      validTo: raw.valid_to,
      replacedBy: raw.replaced_by,
    });
    if (!result.success) {
      for (const error of issuesToErrors(result.issues)) errors.push({ ...error, line: row.line });
      continue;
    }
    if (parsed.has(result.output.code)) {
      errors.push({
        line: row.line,
        path: "code",
        code: "unit.csv_duplicate",
        params: { code: result.output.code, line: parsed.get(result.output.code)?.line ?? 0 },
      });
      continue;
    }
    parsed.set(result.output.code, { line: row.line, unit: result.output });
  }

  const levelOf = (code: string) => parsed.get(code)?.unit.level ?? lookup(code)?.level;
  const provinceCache = new Map<string, string | null>();
  const provinceOf = (code: string, seen = new Set<string>()): string | null => {
    if (provinceCache.has(code)) return provinceCache.get(code) ?? null;
    const inFile = parsed.get(code)?.unit;
    let province: string | null = null;
    if (!inFile) province = lookup(code)?.provinceCode ?? null;
    else if (inFile.level === "province") province = inFile.code;
    else if (inFile.parentCode && !seen.has(code)) province = provinceOf(inFile.parentCode, seen.add(code));
    provinceCache.set(code, province);
    return province;
  };

  const units: PlannedUnit[] = [];
  for (const { line, unit } of parsed.values()) {
    const parentLevel = unit.parentCode ? levelOf(unit.parentCode) : null;
    if (unit.parentCode && parentLevel === undefined) {
      errors.push({ line, path: "parent_code", code: "unit.unknown_parent", params: { code: unit.parentCode } });
      continue;
    }
    const levelError = parentLevelError(unit.level, parentLevel ?? null);
    if (levelError) {
      errors.push({ line, path: "parent_code", code: levelError });
      continue;
    }
    if (unit.replacedBy && levelOf(unit.replacedBy) === undefined) {
      errors.push({ line, path: "replaced_by", code: "unit.unknown_replacement", params: { code: unit.replacedBy } });
      continue;
    }
    const provinceCode = provinceOf(unit.code);
    if (!provinceCode) {
      errors.push({ line, path: "parent_code", code: "unit.no_province" });
      continue;
    }
    units.push({ ...unit, provinceCode });
  }
  return errors.length ? { errors: errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)), units: [] } : { errors, units };
}
