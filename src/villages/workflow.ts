/**
 * Village use cases for the API and the pages: reads in one round trip, writes in two (load the unit, then
 * one batch with the audit entry that only lands when the change did).
 */

import { auditStatement } from "../audit/store";
import type { SessionUser } from "../auth/sessions";
import { type CsvRecord, parseCsv } from "../lib/csv";
import { localDay } from "../lib/dates";
import { fieldError, invalid, notFound, Problem } from "../lib/problem";
import { foldDiacritics } from "../lib/text";
import { type UnitRow, unitChoicesStatement, unitStatement } from "../units/store";
import { canManageVillages, canSeeContacts, planVillageImport } from "./rules";
import type { CreateVillageInput, UpdateVillageInput, Village } from "./schema";
import {
  deleteVillageStatement,
  insertVillageStatement,
  toVillage,
  updateVillageStatement,
  upsertVillagesStatement,
  type VillageRow,
  villageStatement,
  villagesStatement,
} from "./store";

const COMMUNE_LEVELS = new Set(["commune", "ward", "special_zone"]);
const APPLIED = { afterChange: true };

function communeOf(rows: Record<string, unknown>[]): UnitRow {
  const unit = rows[0] as UnitRow | undefined;
  if (!unit || !COMMUNE_LEVELS.has(unit.level)) throw notFound("village.unit_not_found");
  return unit;
}

/** A commune's villages: everyone sees names; the unit's officials also the heads' contacts. */
export async function listVillages(db: D1Database, user: SessionUser | undefined, unitCode: string): Promise<Village[]> {
  const [units, villages] = await db.batch<Record<string, unknown>>([unitStatement(db, unitCode), villagesStatement(db, unitCode)]);
  const unit = communeOf(units.results);
  const withContacts = canSeeContacts(user, { code: unit.code, provinceCode: unit.province_code });
  return (villages.results as VillageRow[]).map((row) => toVillage(row, withContacts));
}

/** The unit for a change: 404 when it is no commune or lies outside the caller's unit (never reveal which). */
async function loadForChange(db: D1Database, user: SessionUser, unitCode: string, villageId?: string) {
  const statements = [unitStatement(db, unitCode)];
  if (villageId) statements.push(villageStatement(db, unitCode, villageId));
  const [units, villages] = await db.batch<Record<string, unknown>>(statements);
  const unit = communeOf(units.results);
  if (!canManageVillages(user, unit.code)) throw notFound("village.unit_not_found");
  const village = villages?.results[0] as VillageRow | undefined;
  if (villageId && !village) throw notFound("village.not_found");
  return { unit, village };
}

const nameTaken = (name: string) => new Problem(409, "village.name_taken", { params: { name }, errors: [fieldError("name", "village.name_taken", { name })] });

export async function createVillage(db: D1Database, user: SessionUser, unitCode: string, input: CreateVillageInput): Promise<Village> {
  const { unit } = await loadForChange(db, user, unitCode);
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  const [inserted, , created] = await db.batch<Record<string, unknown>>([
    insertVillageStatement(db, id, unit.code, input, now),
    auditStatement(
      db,
      { actorId: user.id, action: "village.create", targetType: "village", targetId: id, detail: { unitCode: unit.code, name: input.name } },
      APPLIED,
    ),
    villageStatement(db, unit.code, id),
  ]);
  if (inserted.meta.changes !== 1) throw nameTaken(input.name);
  return toVillage(created.results[0] as VillageRow, true);
}

export async function updateVillage(db: D1Database, user: SessionUser, unitCode: string, id: string, patch: UpdateVillageInput): Promise<Village> {
  const { unit } = await loadForChange(db, user, unitCode, id);
  const [updated, , current] = await db.batch<Record<string, unknown>>([
    updateVillageStatement(db, unit.code, id, patch, new Date().toISOString()),
    auditStatement(db, { actorId: user.id, action: "village.update", targetType: "village", targetId: id, detail: patch }, APPLIED),
    villageStatement(db, unit.code, id),
  ]);
  const row = current.results[0] as VillageRow | undefined;
  if (!row) throw notFound("village.not_found");
  if (updated.meta.changes !== 1) throw nameTaken(patch.name ?? row.name);
  return toVillage(row, true);
}

export async function deleteVillage(db: D1Database, user: SessionUser, unitCode: string, id: string): Promise<void> {
  const { unit } = await loadForChange(db, user, unitCode, id);
  const [deleted] = await db.batch([
    deleteVillageStatement(db, unit.code, id, new Date().toISOString()),
    auditStatement(db, { actorId: user.id, action: "village.delete", targetType: "village", targetId: id }, APPLIED),
  ]);
  if (deleted.meta.changes !== 1) throw notFound("village.not_found");
}

/** Imports a commune's villages from CSV: every row checked first, then all written in one statement, or none. */
export async function importVillages(db: D1Database, user: SessionUser, unitCode: string, csvText: string) {
  let records: CsvRecord[];
  try {
    records = parseCsv(csvText);
  } catch (error) {
    const line = Number((error as Error).message.match(/line (\d+)/)?.[1] ?? 1);
    throw invalid([{ line, path: "row", code: "csv.unterminated_quote" }], "csv.malformed");
  }
  const plan = planVillageImport(records);
  if (plan.errors.length) throw new Problem(400, "csv.rejected", { errors: plan.errors, params: { count: plan.errors.length } });
  const [units, existing] = await db.batch<Record<string, unknown>>([unitStatement(db, unitCode), villagesStatement(db, unitCode)]);
  const unit = communeOf(units.results);
  if (!canManageVillages(user, unit.code)) throw notFound("village.unit_not_found");
  const known = new Set((existing.results as VillageRow[]).map((row) => foldDiacritics(row.name)));
  const updated = plan.villages.filter((village) => known.has(village.nameFolded)).length;
  await db.batch([
    upsertVillagesStatement(db, unit.code, plan.villages, new Date().toISOString()),
    auditStatement(db, { actorId: user.id, action: "village.import", targetType: "unit", targetId: unit.code, detail: { rows: plan.villages.length } }),
  ]);
  return { imported: plan.villages.length, created: plan.villages.length - updated, updated };
}

/** The communes an administrator (all) or a supervisor (the province) may open the village page of. */
export async function villageUnitChoices(db: D1Database, user: SessionUser): Promise<{ code: string; name: string }[]> {
  const province = user.role === "supervisor" ? (user.provinceCode ?? "") : undefined;
  const { results } = await unitChoicesStatement(db, { level: "commune_level", provinceCode: province, day: localDay() }).all<{ code: string; name: string }>();
  return results;
}

/** The staff page's data: the commune's name and villages with contacts, for officials who reach the unit; else 404. */
export async function villagesForPage(db: D1Database, user: SessionUser, unitCode: string) {
  const [units, villages] = await db.batch<Record<string, unknown>>([unitStatement(db, unitCode), villagesStatement(db, unitCode)]);
  const unit = communeOf(units.results);
  if (!canSeeContacts(user, { code: unit.code, provinceCode: unit.province_code })) throw notFound("village.unit_not_found");
  return { unitName: unit.name, villages: (villages.results as VillageRow[]).map((row) => toVillage(row, true)) };
}
