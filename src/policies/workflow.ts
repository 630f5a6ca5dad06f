/** Province policy use cases for the API and the admin page: read (one round trip) and write (two). */

import { auditStatement } from "../audit/store";
import type { SessionUser } from "../auth/sessions";
import { localDay } from "../lib/dates";
import { notFound } from "../lib/problem";
import { type UnitRow, unitChoicesStatement, unitStatement } from "../units/store";
import { policyInForce } from "./rules";
import type { PolicyView, PutPolicyInput } from "./schema";
import { type PolicyRow, policyHistoryStatement, putPolicyStatement, toPolicyRow } from "./store";

/** Officials of the province (its supervisors and the officials of its communes) and administrators. */
function canSeeProvince(user: SessionUser, provinceCode: string): boolean {
  return user.role === "admin" || user.provinceCode === provinceCode;
}

function toView(unit: UnitRow, rows: PolicyRow[], on: string): PolicyView {
  const items = rows.map(toPolicyRow);
  return { province: { code: unit.code, name: unit.name }, on, inForce: policyInForce(items, on), items };
}

/** Loads the province (404 if it is none, or outside the caller's province) and its dated rows, in one round trip. */
async function loadProvince(db: D1Database, user: SessionUser, provinceCode: string) {
  const [units, history] = await db.batch<Record<string, unknown>>([unitStatement(db, provinceCode), policyHistoryStatement(db, provinceCode)]);
  const unit = units.results[0] as UnitRow | undefined;
  if (unit?.level !== "province" || !canSeeProvince(user, unit.code)) throw notFound("policy.province_not_found");
  return { unit, rows: history.results as PolicyRow[] };
}

/** The policy in force on `on` (default today) and every dated row of the province. */
export async function readPolicy(db: D1Database, user: SessionUser, provinceCode: string, on = localDay()): Promise<PolicyView> {
  const { unit, rows } = await loadProvince(db, user, provinceCode);
  return toView(unit, rows, on);
}

/** Sets the province's policy from `effectiveFrom` (replacing a row of the same day), with its audit entry, in one batch. */
export async function putPolicy(
  db: D1Database,
  user: SessionUser,
  provinceCode: string,
  input: PutPolicyInput,
): Promise<{ created: boolean; view: PolicyView }> {
  const { unit, rows } = await loadProvince(db, user, provinceCode);
  const created = !rows.some((row) => row.effective_from === input.effectiveFrom);
  const results = await db.batch<Record<string, unknown>>([
    putPolicyStatement(db, unit.code, input, user.id),
    auditStatement(db, {
      actorId: user.id,
      action: "policy.put",
      targetType: "province_policy",
      targetId: `${unit.code}/${input.effectiveFrom}`,
      detail: input,
    }),
    policyHistoryStatement(db, unit.code),
  ]);
  return { created, view: toView(unit, results[2].results as PolicyRow[], localDay()) };
}

/** The admin page's data in one round trip: the provinces to choose from and, when one is chosen, its policy. */
export async function policyPageData(db: D1Database, user: SessionUser, provinceCode: string | undefined) {
  const today = localDay();
  const statements = [unitChoicesStatement(db, { level: "province", day: today })];
  if (provinceCode) statements.push(unitStatement(db, provinceCode), policyHistoryStatement(db, provinceCode));
  const [choices, units, history] = await db.batch<Record<string, unknown>>(statements);
  const provinces = choices.results as { code: string; name: string }[];
  const unit = units?.results[0] as UnitRow | undefined;
  if (!provinceCode || !unit || unit.level !== "province" || !canSeeProvince(user, unit.code)) return { provinces, view: null };
  return { provinces, view: toView(unit, history.results as PolicyRow[], today) };
}
