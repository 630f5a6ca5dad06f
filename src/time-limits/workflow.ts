/**
 * Time-limit use cases for the API and the admin page. A read is one round trip; a change is at most two: the
 * province is checked first, then the new value, its audit entry and the limits now in force go in one batch.
 * Rules are dated: a change applies from its `effectiveFrom` (default today); petitions received before keep theirs.
 */
import { auditStatement } from "../audit/store";
import { localDay } from "../lib/dates";
import { fieldError, invalid, notFound } from "../lib/problem";
import { toUnit, toUnitChoices, type UnitRow, unitPickerStatement, unitStatement } from "../units/store";
import type { TimeLimitChange, TimeLimitList, TimeLimitRule } from "./schema";
import { confirmTimeLimitStatement, putTimeLimitStatement, timeLimitExistsStatement, timeLimitsStatement, toTimeLimitList } from "./store";

/** The limits in force in a province ('*': the nation) on a day (default today), and every dated rule. */
export async function readTimeLimits(db: D1Database, province: string, on = localDay()): Promise<TimeLimitList> {
  const [limits] = await db.batch([timeLimitsStatement(db, province, on)]);
  return { on, ...toTimeLimitList(province, limits.results) };
}

/** The provinces the admin page's picker lists (a country has a few dozen: all of them without a search). */
const PROVINCE_CHOICES = 100;

/**
 * The admin page in one round trip: the limits of a province (or the nation) and the provinces its picker offers
 * for `search` (by name, diacritics optional).
 */
export async function readTimeLimitsPage(db: D1Database, province: string, search: string | undefined) {
  const on = localDay();
  const [limits, provinces] = await db.batch([
    timeLimitsStatement(db, province, on),
    unitPickerStatement(db, { q: search, levels: ["province"], onDay: on, include: province === "*" ? undefined : province, limit: PROVINCE_CHOICES }),
  ]);
  return { on, ...toTimeLimitList(province, limits.results), provinces: toUnitChoices(provinces, PROVINCE_CHOICES) };
}

async function checkProvince(db: D1Database, province: string): Promise<void> {
  if (province === "*") return;
  const [units] = await db.batch([unitStatement(db, province)]);
  const row = units.results[0] as UnitRow | undefined;
  if (!row || toUnit(row).level !== "province") throw invalid([fieldError("province", "time_limit.not_province")]);
}

/** Sets one rule's limit for a province or the nation ('*') from a day on; answers the limits now in force there. */
export async function setTimeLimit(db: D1Database, actorId: string, change: TimeLimitChange): Promise<TimeLimitList> {
  await checkProvince(db, change.province);
  const on = localDay();
  const dated = { ...change, effectiveFrom: change.effectiveFrom ?? on };
  const [, , limits] = await db.batch([
    putTimeLimitStatement(db, dated, new Date().toISOString()),
    auditStatement(db, {
      actorId,
      action: "time_limit.put",
      targetType: "time_limit",
      targetId: `${change.province}/${change.rule}`,
      detail: { days: change.days, dayKind: change.dayKind, effectiveFrom: dated.effectiveFrom, provisional: change.provisional },
    }),
    // Read inside the same transaction, after the write: the answer shows what is now in force.
    timeLimitsStatement(db, change.province, on),
  ]);
  return { on, ...toTimeLimitList(change.province, limits.results) };
}

/** An administrator confirms a provisional rule against the statute: it is no longer flagged. 404 when there is none. */
export async function confirmTimeLimit(
  db: D1Database,
  actorId: string,
  key: { province: string; rule: TimeLimitRule; effectiveFrom: string },
): Promise<TimeLimitList> {
  const on = localDay();
  const [confirmed, , exists, limits] = await db.batch([
    confirmTimeLimitStatement(db, key, new Date().toISOString()),
    auditStatement(
      db,
      {
        actorId,
        action: "time_limit.confirm",
        targetType: "time_limit",
        targetId: `${key.province}/${key.rule}`,
        detail: { effectiveFrom: key.effectiveFrom },
      },
      { afterChange: true },
    ),
    timeLimitExistsStatement(db, key),
    timeLimitsStatement(db, key.province, on),
  ]);
  if (confirmed.meta.changes === 0 && exists.results.length === 0) throw notFound("time_limit.not_found");
  return { on, ...toTimeLimitList(key.province, limits.results) };
}
