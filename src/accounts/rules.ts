import type { Role } from "../auth/roles";
import type { MessageCode } from "../lib/problem";
import type { UnitLevel } from "../units/schema";

const COMMUNE_LEVELS: readonly UnitLevel[] = ["commune", "ward", "special_zone"];

/**
 * Which unit an account of each role must belong to: a supervisor watches a province,
 * commune officials work in one commune-level unit, an administrator may have none.
 * Returns the reason when the pair does not fit, else null.
 */
export function roleUnitError(role: Role, unit: { level: UnitLevel; validTo: string | null } | null, today: string): MessageCode | null {
  if (role === "admin") return null;
  if (!unit) return "account.role_needs_unit";
  if (unit.validTo && unit.validTo < today) return "account.unit_ended";
  if (role === "supervisor" && unit.level !== "province") return "account.supervisor_needs_province";
  if (role !== "supervisor" && !COMMUNE_LEVELS.includes(unit.level)) {
    return "account.official_needs_commune";
  }
  return null;
}
