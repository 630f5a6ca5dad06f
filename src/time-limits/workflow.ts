/**
 * Time-limit use cases for the API and the admin page. A read is one round trip; a change is at most two: the
 * province is checked first, then the new value, its audit entry and the limits now in force go in one batch.
 */
import { auditStatement } from "../audit/store";
import { fieldError, invalid } from "../lib/problem";
import { toUnit, type UnitRow, unitStatement } from "../units/store";
import type { TimeLimitChange, TimeLimitEntry } from "./schema";
import { putTimeLimitStatement, timeLimitsStatement, toTimeLimitList } from "./store";

/** The limits in force in a province ('*': the national defaults). */
export async function readTimeLimits(db: D1Database, province: string): Promise<TimeLimitEntry[]> {
  const [limits] = await db.batch([timeLimitsStatement(db, province)]);
  return toTimeLimitList(province, limits.results);
}

/** Sets one rule's limit for a province or nationally ('*'); answers the limits now in force there. */
export async function setTimeLimit(db: D1Database, actorId: string, change: TimeLimitChange): Promise<TimeLimitEntry[]> {
  if (change.province !== "*") {
    const [units] = await db.batch([unitStatement(db, change.province)]);
    const row = units.results[0] as UnitRow | undefined;
    if (!row || toUnit(row).level !== "province") throw invalid([fieldError("province", "time_limit.not_province")]);
  }
  const [, , limits] = await db.batch([
    putTimeLimitStatement(db, change, new Date().toISOString()),
    auditStatement(db, {
      actorId,
      action: "time_limit.put",
      targetType: "time_limit",
      targetId: `${change.province}/${change.rule}`,
      detail: { days: change.days, dayKind: change.dayKind },
    }),
    // Read inside the same transaction, after the write: the answer shows what is now in force.
    timeLimitsStatement(db, change.province),
  ]);
  return toTimeLimitList(change.province, limits.results);
}
