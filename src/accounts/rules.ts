import type { Role } from "../auth/roles";
import type { UnitLevel } from "../units/schema";

const COMMUNE_LEVELS: readonly UnitLevel[] = ["commune", "ward", "special_zone"];

/**
 * Which unit an account of each role must belong to: a supervisor watches a province,
 * commune officials work in one commune-level unit, an administrator may have none.
 * Returns the reason when the pair does not fit, else null.
 */
export function roleUnitError(role: Role, unit: { level: UnitLevel; validTo: string | null } | null, today: string): string | null {
  if (role === "admin") return null;
  if (!unit) return "Vai trò này cần một đơn vị / this role needs a unit";
  if (unit.validTo && unit.validTo < today) return "Đơn vị đã hết hiệu lực / the unit is no longer valid";
  if (role === "supervisor" && unit.level !== "province") return "Giám sát viên thuộc cấp tỉnh / a supervisor belongs to a province";
  if (role !== "supervisor" && !COMMUNE_LEVELS.includes(unit.level)) {
    return "Cán bộ xã thuộc một xã, phường hoặc đặc khu / commune officials belong to a commune, ward or special zone";
  }
  return null;
}
