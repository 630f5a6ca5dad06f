import { containsPattern, Where } from "../lib/sql";
import { foldDiacritics } from "../lib/text";
import type { KnownUnit, PlannedUnit } from "./rules";
import type { Unit, UnitLevel } from "./schema";

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

/** Looks up many units in one query (json_each keeps it to one bound parameter, whatever the count). */
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

/** A listed unit also carries the names of its parent and of the unit that replaced it (pages show names). */
export type UnitListingRow = UnitRow & { parent_name: string | null; replaced_by_name: string | null };

/** Units ordered by code, starting after `afterCode` (keyset pagination); `limit + 1` rows. */
export function listUnitsStatement(db: D1Database, filter: UnitFilter, limit: number, afterCode: string | null): D1PreparedStatement {
  const where = new Where()
    .optional(filter.parent, "u.parent_code = ?")
    .optional(filter.province, "u.province_code = ?")
    .optional(filter.level, "u.level = ?")
    .optional(filter.validOn, "(u.valid_from IS NULL OR u.valid_from <= ?) AND (u.valid_to IS NULL OR u.valid_to >= ?)", filter.validOn, filter.validOn)
    .optional(filter.q, "u.name_folded LIKE ? ESCAPE '\\'", containsPattern(foldDiacritics(filter.q ?? "")))
    .optional(afterCode, "u.code > ?");
  const columns = UNIT_COLUMNS.split(", ")
    .map((column) => `u.${column}`)
    .join(", ");
  return db
    .prepare(
      `SELECT ${columns}, p.name AS parent_name, r.name AS replaced_by_name FROM units u
       LEFT JOIN units p ON p.code = u.parent_code LEFT JOIN units r ON r.code = u.replaced_by${where} ORDER BY u.code LIMIT ?`,
    )
    .bind(...where.params, limit + 1);
}

export async function listUnits(db: D1Database, filter: UnitFilter, limit: number, afterCode: string | null): Promise<UnitListingRow[]> {
  return (await listUnitsStatement(db, filter, limit, afterCode).all<UnitListingRow>()).results;
}

/** A unit as a picker offers it: its name, and the province it lies in to tell same-named communes apart. */
export type UnitChoice = { code: string; name: string; level: UnitLevel; provinceName: string | null };

export type UnitChoiceQuery = {
  /** Words of the name in any order, diacritics optional ("an khe", "Khê An"); or the exact code. */
  q?: string;
  levels: readonly UnitLevel[];
  /** Only units in force on this local day. */
  onDay: string;
  province?: string;
  /** Without a search, a unit to list even beyond `limit` (the one already chosen, read first), so a redrawn form keeps it. */
  include?: string;
  limit: number;
};

/**
 * The units a picker lists, ordered by name, as a statement to batch with the rest of a page; `limit + 1` rows,
 * so the page can say the list was cut. Each word is a LIKE on the folded name: a few thousand units at most.
 */
export function unitPickerStatement(db: D1Database, query: UnitChoiceQuery): D1PreparedStatement {
  const words = foldDiacritics(query.q ?? "")
    .split(" ")
    .filter(Boolean)
    .slice(0, 8);
  const where = new Where()
    .in("u.level", query.levels)
    .add("(u.valid_from IS NULL OR u.valid_from <= ?) AND (u.valid_to IS NULL OR u.valid_to >= ?)", query.onDay, query.onDay)
    .optional(query.province, "u.province_code = ?");
  if (words.length) {
    const byName = words.map(() => "u.name_folded LIKE ? ESCAPE '\\'").join(" AND ");
    where.add(`((${byName}) OR u.code = ?)`, ...words.map(containsPattern), query.q?.trim());
  }
  const conditions = where.toString().slice(" WHERE ".length);
  const include = query.include && !words.length ? query.include : undefined;
  return db
    .prepare(
      `SELECT u.code, u.name, u.level, p.name AS province_name FROM units u LEFT JOIN units p ON p.code = u.province_code AND u.level != 'province'
       WHERE (${conditions})${include ? " OR u.code = ?" : ""} ORDER BY ${include ? "u.code = ? DESC, " : ""}u.name_folded, u.code LIMIT ?`,
    )
    .bind(...where.params, ...(include ? [include, include] : []), query.limit + 1);
}

/**
 * A picker's list from `unitPickerStatement`: at most `limit` units by name (the chosen one kept), and
 * whether more matched.
 */
export function toUnitChoices(result: D1Result, limit: number): { choices: UnitChoice[]; more: boolean } {
  const rows = result.results as { code: string; name: string; level: UnitLevel; province_name: string | null }[];
  const choices = rows.slice(0, limit).map((row) => ({ code: row.code, name: row.name, level: row.level, provinceName: row.province_name }));
  const key = (choice: UnitChoice) => `${foldDiacritics(choice.name)}\u0000${choice.code}`;
  choices.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { choices, more: rows.length > limit };
}

/** Inserts one unit unless the code is taken (then it changes no row). */
export function insertUnitStatement(db: D1Database, unit: PlannedUnit): D1PreparedStatement {
  const now = new Date().toISOString();
  return db
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
    );
}

/** D1 caps a statement at 100 KB; rows go in as JSON chunks well under that. */
const IMPORT_CHUNK_BYTES = 60_000;

/**
 * Statements that write a validated unit list; run them in one `batch()` — one transaction, so all rows land
 * or none do. Each inserts a JSON chunk through json_each, keeping a 3,321-unit import to a handful of queries.
 */
export function upsertUnitsStatements(db: D1Database, units: PlannedUnit[]): D1PreparedStatement[] {
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
  return chunks.map((json) => statement.bind(json, now));
}

/** Commune-level units in force today, optionally matching a diacritics-free name search (the petition form), to batch. */
export function communesForFormStatement(db: D1Database, today: string, search: string | undefined, limit = 500): D1PreparedStatement {
  const folded = search ? containsPattern(foldDiacritics(search)) : null;
  return db
    .prepare(
      `SELECT code, name FROM units WHERE level IN ('commune', 'ward', 'special_zone')
       AND (valid_to IS NULL OR valid_to >= ?1) AND (valid_from IS NULL OR valid_from <= ?1)
       AND (?2 IS NULL OR name_folded LIKE ?2 ESCAPE '\\') ORDER BY name_folded LIMIT ?3`,
    )
    .bind(today, folded, limit);
}

export async function listCommunesForForm(db: D1Database, today: string, search: string | undefined, limit = 500): Promise<{ code: string; name: string }[]> {
  const { results } = await communesForFormStatement(db, today, search, limit).all<{ code: string; name: string }>();
  return results;
}

/** Units of one level in force on a day, by name (a chooser's options), optionally within a province. */
export function unitChoicesStatement(db: D1Database, filter: { level: UnitLevel | "commune_level"; provinceCode?: string; day: string }): D1PreparedStatement {
  const levels = filter.level === "commune_level" ? "level IN ('commune', 'ward', 'special_zone')" : "level = ?3";
  return db
    .prepare(
      `SELECT code, name FROM units WHERE ${levels} AND (?2 IS NULL OR province_code = ?2)
       AND (valid_from IS NULL OR valid_from <= ?1) AND (valid_to IS NULL OR valid_to >= ?1) ORDER BY name_folded LIMIT 500`,
    )
    .bind(filter.day, filter.provinceCode ?? null, ...(filter.level === "commune_level" ? [] : [filter.level]));
}
