import { type CsvRecord, parseCsv } from "../lib/csv";
import { fieldError, invalid, Problem } from "../lib/problem";
import { foldDiacritics } from "../lib/text";
import { type KnownUnit, type PlannedUnit, parentLevelError, planUnitImport } from "./rules";
import type { CreateUnitInput, Unit, UnitLevel } from "./schema";

export type UnitRow = {
  code: string;
  name: string;
  level: UnitLevel;
  parent_code: string | null;
  province_code: string;
  valid_from: string | null;
  valid_to: string | null;
  replaced_by: string | null;
};

const UNIT_COLUMNS = "code, name, level, parent_code, province_code, valid_from, valid_to, replaced_by";

export function toUnit(row: UnitRow): Unit {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parent_code,
    provinceCode: row.province_code,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    replacedBy: row.replaced_by,
  };
}

export function unitStatement(db: D1Database, code: string): D1PreparedStatement {
  return db.prepare(`SELECT ${UNIT_COLUMNS} FROM units WHERE code = ?`).bind(code);
}

export async function getUnit(db: D1Database, code: string): Promise<Unit | null> {
  const row = await unitStatement(db, code).first<UnitRow>();
  return row ? toUnit(row) : null;
}

/** Looks up many units in one query (json_each keeps it to one bound parameter). */
export async function getKnownUnits(db: D1Database, codes: string[]): Promise<Map<string, KnownUnit>> {
  const known = new Map<string, KnownUnit>();
  if (codes.length === 0) return known;
  const { results } = await db
    .prepare("SELECT code, level, province_code FROM units WHERE code IN (SELECT value FROM json_each(?))")
    .bind(JSON.stringify(codes))
    .all<{ code: string; level: UnitLevel; province_code: string }>();
  for (const row of results) known.set(row.code, { code: row.code, level: row.level, provinceCode: row.province_code });
  return known;
}

export type UnitFilter = { parent?: string; level?: UnitLevel; validOn?: string; q?: string; province?: string };

/** Lists units ordered by code, starting after `afterCode` (keyset pagination). */
export async function listUnits(db: D1Database, filter: UnitFilter, limit: number, afterCode: string | null): Promise<UnitRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (filter.parent) add("parent_code = ?", filter.parent);
  if (filter.province) add("province_code = ?", filter.province);
  if (filter.level) add("level = ?", filter.level);
  if (filter.validOn) add("(valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to >= ?)", filter.validOn, filter.validOn);
  if (filter.q) add("name_folded LIKE ? ESCAPE '\\'", `%${likeEscape(foldDiacritics(filter.q))}%`);
  if (afterCode !== null) add("code > ?", afterCode);
  const sql = `SELECT ${UNIT_COLUMNS} FROM units ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY code LIMIT ?`;
  const { results } = await db
    .prepare(sql)
    .bind(...params, limit + 1)
    .all<UnitRow>();
  return results;
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** Inserts one unit; returns false when the code is taken. */
export async function insertUnit(db: D1Database, unit: PlannedUnit): Promise<boolean> {
  const now = new Date().toISOString();
  const result = await db
    .prepare(
      `INSERT INTO units (code, name, name_folded, level, parent_code, province_code, valid_from, valid_to, replaced_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`,
    )
    .bind(
      unit.code,
      unit.name,
      foldDiacritics(unit.name),
      unit.level,
      unit.parentCode ?? null,
      unit.provinceCode,
      unit.validFrom ?? null,
      unit.validTo ?? null,
      unit.replacedBy ?? null,
      now,
      now,
    )
    .run();
  return result.meta.changes === 1;
}

/** D1 caps a statement at 100 KB; rows go in as JSON chunks well under that. */
const IMPORT_CHUNK_BYTES = 60_000;

/**
 * Writes a validated unit list in one `batch()` — one transaction, so all rows land or none do.
 * Each statement inserts a JSON chunk through json_each, keeping a 3,321-unit import to a handful of queries.
 */
export async function upsertUnits(db: D1Database, units: PlannedUnit[]): Promise<{ created: number; updated: number }> {
  const existing = await getKnownUnits(
    db,
    units.map((unit) => unit.code),
  );
  const now = new Date().toISOString();
  const chunks: string[] = [];
  let chunk: unknown[] = [];
  let size = 0;
  for (const unit of units) {
    const row = [
      unit.code,
      unit.name,
      foldDiacritics(unit.name),
      unit.level,
      unit.parentCode ?? null,
      unit.provinceCode,
      unit.validFrom ?? null,
      unit.validTo ?? null,
      unit.replacedBy ?? null,
    ];
    const encoded = JSON.stringify(row);
    if (size + encoded.length > IMPORT_CHUNK_BYTES && chunk.length) {
      chunks.push(JSON.stringify(chunk));
      chunk = [];
      size = 0;
    }
    chunk.push(row);
    size += encoded.length + 1;
  }
  if (chunk.length) chunks.push(JSON.stringify(chunk));
  const statement = db.prepare(
    `INSERT INTO units (code, name, name_folded, level, parent_code, province_code, valid_from, valid_to, replaced_by, created_at, updated_at)
     SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8, ?2, ?2
     FROM json_each(?1) WHERE true
     ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_folded = excluded.name_folded, level = excluded.level,
       parent_code = excluded.parent_code, province_code = excluded.province_code, valid_from = excluded.valid_from,
       valid_to = excluded.valid_to, replaced_by = excluded.replaced_by, updated_at = excluded.updated_at`,
  );
  await db.batch(chunks.map((json) => statement.bind(json, now)));
  const updated = units.filter((unit) => existing.has(unit.code)).length;
  return { created: units.length - updated, updated };
}

/**
 * Creates one unit after checking it against the stored hierarchy: the parent exists at an allowed
 * level, the replacing unit exists, the code is free. Throws a 400 or 409 problem otherwise.
 */
export async function createUnit(db: D1Database, input: CreateUnitInput): Promise<Unit> {
  const known = await getKnownUnits(
    db,
    [input.parentCode, input.replacedBy].filter((code): code is string => !!code),
  );
  const parent = input.parentCode ? known.get(input.parentCode) : undefined;
  if (input.parentCode && !parent) throw invalid([fieldError("parentCode", "unit.unknown_parent", { code: input.parentCode })]);
  const levelError = parentLevelError(input.level, parent?.level ?? null);
  if (levelError) throw invalid([fieldError("parentCode", levelError)]);
  if (input.replacedBy && !known.has(input.replacedBy)) {
    throw invalid([fieldError("replacedBy", "unit.unknown_replacement", { code: input.replacedBy })]);
  }
  const planned = { ...input, provinceCode: parent?.provinceCode ?? input.code };
  if (!(await insertUnit(db, planned))) throw new Problem(409, "unit.code_taken", { params: { code: input.code }, errors: [fieldError("code", "unit.code_taken", { code: input.code })] });
  return toUnit({
    code: planned.code,
    name: planned.name,
    level: planned.level,
    parent_code: planned.parentCode ?? null,
    province_code: planned.provinceCode,
    valid_from: planned.validFrom ?? null,
    valid_to: planned.validTo ?? null,
    replaced_by: planned.replacedBy ?? null,
  });
}

/** Imports an official unit list from CSV: every row is checked first, then all are written in one transaction. */
export async function importUnitsCsv(db: D1Database, csvText: string): Promise<{ imported: number; created: number; updated: number }> {
  let records: CsvRecord[];
  try {
    records = parseCsv(csvText);
  } catch (error) {
    const line = Number((error as Error).message.match(/line (\d+)/)?.[1] ?? 1);
    throw invalid([{ line, path: "row", code: "csv.unterminated_quote" }], "csv.malformed");
  }
  const referenced = new Set<string>();
  for (const record of records.slice(1)) for (const field of record.fields) if (field.trim()) referenced.add(field.trim());
  // Only codes can match; names and dates simply find nothing. One query instead of one per row.
  const known = await getKnownUnits(
    db,
    [...referenced].filter((value) => /^[0-9A-Za-z_-]{1,20}$/.test(value)),
  );
  const plan = planUnitImport(records, (code) => known.get(code));
  if (plan.errors.length) throw new Problem(400, "csv.rejected", { errors: plan.errors, params: { count: plan.errors.length } });
  const counts = await upsertUnits(db, plan.units);
  return { imported: plan.units.length, ...counts };
}

/** Commune-level units in force today, optionally matching a diacritics-free name search (the petition form). */
export async function listCommunesForForm(db: D1Database, today: string, search: string | undefined, limit = 500): Promise<{ code: string; name: string }[]> {
  const folded = search ? `%${likeEscape(foldDiacritics(search))}%` : null;
  const { results } = await db
    .prepare(
      `SELECT code, name FROM units WHERE level IN ('commune', 'ward', 'special_zone')
       AND (valid_to IS NULL OR valid_to >= ?1) AND (valid_from IS NULL OR valid_from <= ?1)
       AND (?2 IS NULL OR name_folded LIKE ?2 ESCAPE '\\') ORDER BY name_folded LIMIT ?3`,
    )
    .bind(today, folded, limit)
    .all<{ code: string; name: string }>();
  return results;
}
