/**
 * Unit use cases, shared by the JSON API and the admin pages: check against the stored hierarchy (one read),
 * then write the change and its audit entry in one `batch()`.
 */
import { auditStatement } from "../audit/store";
import type { SessionUser } from "../auth/sessions";
import { type CsvRecord, parseCsv } from "../lib/csv";
import { fieldError, invalid, Problem } from "../lib/problem";
import { parentLevelError, planUnitImport } from "./rules";
import type { CreateUnitInput, Unit } from "./schema";
import { getKnownUnits, insertUnitStatement, toUnit, upsertUnitsStatements } from "./store";

/**
 * Creates one unit: the parent exists at an allowed level, the replacing unit exists, the code is free.
 * Throws a 400 or 409 problem otherwise.
 */
export async function createUnit(db: D1Database, user: SessionUser, input: CreateUnitInput): Promise<Unit> {
  const known = await getKnownUnits(
    db,
    [input.parentCode, input.replacedBy].filter((code): code is string => !!code),
  );
  const parent = input.parentCode ? known.get(input.parentCode) : undefined;
  if (input.parentCode && !parent) throw invalid([fieldError("parentCode", "unit.unknown_parent", { code: input.parentCode })]);
  const levelError = parentLevelError(input.level, parent?.level ?? null);
  if (levelError) throw invalid([fieldError("parentCode", levelError)]);
  if (input.replacedBy && !known.has(input.replacedBy)) throw invalid([fieldError("replacedBy", "unit.unknown_replacement", { code: input.replacedBy })]);
  const planned = { ...input, provinceCode: parent?.provinceCode ?? input.code };
  const [inserted] = await db.batch([
    insertUnitStatement(db, planned),
    auditStatement(db, { actorId: user.id, action: "unit.create", targetType: "unit", targetId: input.code }),
  ]);
  if (inserted.meta.changes !== 1) {
    throw new Problem(409, "unit.code_taken", { params: { code: input.code }, errors: [fieldError("code", "unit.code_taken", { code: input.code })] });
  }
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
export async function importUnits(db: D1Database, user: SessionUser, csvText: string): Promise<{ imported: number; created: number; updated: number }> {
  let records: CsvRecord[];
  try {
    records = parseCsv(csvText);
  } catch (error) {
    const line = Number((error as Error).message.match(/line (\d+)/)?.[1] ?? 1);
    throw invalid([{ line, path: "row", code: "csv.unterminated_quote" }], "csv.malformed");
  }
  const referenced = new Set<string>();
  for (const record of records.slice(1)) for (const field of record.fields) if (field.trim()) referenced.add(field.trim());
  // Only codes can match; names and dates simply find nothing. One query instead of one per row — and it
  // also tells which of the file's units exist already.
  const known = await getKnownUnits(
    db,
    [...referenced].filter((value) => /^[0-9A-Za-z_-]{1,20}$/.test(value)),
  );
  const plan = planUnitImport(records, (code) => known.get(code));
  if (plan.errors.length) throw new Problem(400, "csv.rejected", { errors: plan.errors, params: { count: plan.errors.length } });
  const updated = plan.units.filter((unit) => known.has(unit.code)).length;
  const result = { imported: plan.units.length, created: plan.units.length - updated, updated };
  await db.batch([
    ...upsertUnitsStatements(db, plan.units),
    auditStatement(db, { actorId: user.id, action: "unit.import", targetType: "unit", targetId: "*", detail: result }),
  ]);
  return result;
}
