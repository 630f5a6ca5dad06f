import { foldDiacritics } from "../lib/text";
import type { PlannedVillage } from "./rules";
import type { CreateVillageInput, UpdateVillageInput, Village } from "./schema";

export type VillageRow = {
  id: string;
  unit_code: string;
  name: string;
  head_name: string | null;
  head_phone: string | null;
  head_email: string | null;
};

const VILLAGE_COLUMNS = "id, unit_code, name, head_name, head_phone, head_email";

/** A village as the API returns it; the head's contacts only when `withContacts`. */
export function toVillage(row: VillageRow, withContacts: boolean): Village {
  const village: Village = { id: row.id, unitCode: row.unit_code, name: row.name };
  return withContacts ? { ...village, headName: row.head_name, headPhone: row.head_phone, headEmail: row.head_email } : village;
}

/** A commune's villages by name (the partial unique index on (unit_code, name_folded) serves it). */
export function villagesStatement(db: D1Database, unitCode: string): D1PreparedStatement {
  return db.prepare(`SELECT ${VILLAGE_COLUMNS} FROM villages WHERE unit_code = ? AND deleted_at IS NULL ORDER BY name_folded LIMIT 1000`).bind(unitCode);
}

export function villageStatement(db: D1Database, unitCode: string, id: string): D1PreparedStatement {
  return db.prepare(`SELECT ${VILLAGE_COLUMNS} FROM villages WHERE id = ? AND unit_code = ? AND deleted_at IS NULL`).bind(id, unitCode);
}

/** Inserts a village unless the commune already has one of that (folded) name: then nothing changes. */
export function insertVillageStatement(db: D1Database, id: string, unitCode: string, input: CreateVillageInput, now: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO villages (id, unit_code, name, name_folded, head_name, head_phone, head_email, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    .bind(id, unitCode, input.name, foldDiacritics(input.name), input.headName ?? null, input.headPhone ?? null, input.headEmail ?? null, now, now);
}

const PATCH_COLUMNS: Record<keyof UpdateVillageInput, string> = { name: "name", headName: "head_name", headPhone: "head_phone", headEmail: "head_email" };

/** Applies a patch; `OR IGNORE` leaves the row as it was when the new name is taken (then no row changes). */
export function updateVillageStatement(db: D1Database, unitCode: string, id: string, patch: UpdateVillageInput, now: string): D1PreparedStatement {
  const sets = ["updated_at = ?"];
  const params: unknown[] = [now];
  for (const [key, value] of Object.entries(patch) as [keyof UpdateVillageInput, string | null | undefined][]) {
    if (value === undefined) continue;
    sets.push(`${PATCH_COLUMNS[key]} = ?`);
    params.push(value);
  }
  if (patch.name !== undefined) {
    sets.push("name_folded = ?");
    params.push(foldDiacritics(patch.name));
  }
  return db.prepare(`UPDATE OR IGNORE villages SET ${sets.join(", ")} WHERE id = ? AND unit_code = ? AND deleted_at IS NULL`).bind(...params, id, unitCode);
}

/** Takes a village off the list; its row stays for the sessions and registrations that name it. */
export function deleteVillageStatement(db: D1Database, unitCode: string, id: string, now: string): D1PreparedStatement {
  return db.prepare("UPDATE villages SET deleted_at = ?, updated_at = ? WHERE id = ? AND unit_code = ? AND deleted_at IS NULL").bind(now, now, id, unitCode);
}

/** One statement for a whole (validated) list: new names are added, known names get the file's contacts. */
export function upsertVillagesStatement(db: D1Database, unitCode: string, villages: PlannedVillage[], now: string): D1PreparedStatement {
  const rows = villages.map((village) => [
    crypto.randomUUID(),
    village.name,
    village.nameFolded,
    village.headName ?? null,
    village.headPhone ?? null,
    village.headEmail ?? null,
  ]);
  return db
    .prepare(
      `INSERT INTO villages (id, unit_code, name, name_folded, head_name, head_phone, head_email, created_at, updated_at)
       SELECT value ->> 0, ?2, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, ?3, ?3 FROM json_each(?1) WHERE true
       ON CONFLICT (unit_code, name_folded) WHERE deleted_at IS NULL DO UPDATE SET name = excluded.name, head_name = excluded.head_name,
         head_phone = excluded.head_phone, head_email = excluded.head_email, updated_at = excluded.updated_at`,
    )
    .bind(JSON.stringify(rows), unitCode, now);
}
