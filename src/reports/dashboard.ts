/**
 * The supervisor's dashboard: a year's compliance of every commune of a province, with the figures its charts
 * draw (sessions held per month, petitions by status and by kind), computed in one D1 round trip. The daily job
 * writes it to KV with its time (`asOf`); pages read KV first and compute from D1 only when KV has nothing.
 * A commune official sees the same snapshot narrowed to their unit and the units merged into it.
 */
import { localDay } from "../lib/dates";
import type { Policy } from "../policies/schema";
import { monthPeriodsOf, type PeriodName } from "./periods";
import type { ComplianceItem, UnitRef } from "./rules";
import type { ReportScope } from "./store";
import { complianceOf, complianceRangesOf, loadReportData, petitionBreakdown } from "./workflow";

export type DashboardSnapshot = {
  /** Bumped when the shape changes, so an old copy in KV is recomputed rather than misread. */
  version: typeof SNAPSHOT_VERSION;
  /** When the figures were computed (ISO instant). */
  asOf: string;
  province: UnitRef;
  year: number;
  /** The report year, cut as the province policy says. */
  period: { from: string; to: string; mode: "calendar" | "cutoff" };
  today: string;
  policy: Policy;
  /** Every unit of the report and the unit that replaced it: what narrows the snapshot to one commune's group. */
  units: { code: string; replacedBy: string | null }[];
  items: ComplianceItem[];
  months: { period: PeriodName; from: string; to: string }[];
  /** Per unit: sessions held in each month of `months`. */
  sessionsByMonth: Record<string, number[]>;
  /** Per unit: petitions received in the year by status, and by kind (`unclassified` for none yet). */
  petitionsByStatus: Record<string, Record<string, number>>;
  petitionsByKind: Record<string, Record<string, number>>;
};

/** 2: commitments counted. */
export const SNAPSHOT_VERSION = 2;

/** Computes a province's (or one unit's) dashboard for a year from D1: one round trip. */
export async function computeDashboard(
  db: D1Database,
  province: string,
  scope: ReportScope,
  year: number,
  now = new Date(),
): Promise<DashboardSnapshot | null> {
  const today = localDay(now);
  const ranges = complianceRangesOf(year, "year");
  const data = await loadReportData(db, { asked: province, scope, ...ranges, breakdown: true, today });
  const asked = data.chain[0];
  if (asked?.level !== "province") return null;
  const { period, policy, items } = complianceOf(data, year, "year", today);
  const months = monthPeriodsOf(year, period.mode).map((month) => ({ period: month.period, from: month.from, to: month.to }));
  const sessionsByMonth: Record<string, number[]> = {};
  for (const session of data.sessions) {
    const index = months.findIndex((month) => month.from <= session.day && session.day <= month.to);
    if (index < 0) continue;
    sessionsByMonth[session.unitCode] ??= months.map(() => 0);
    sessionsByMonth[session.unitCode][index]++;
  }
  const breakdown = petitionBreakdown(data, period);
  return {
    version: SNAPSHOT_VERSION,
    asOf: now.toISOString(),
    province: { code: asked.code, name: asked.name },
    year,
    period: { from: period.from, to: period.to, mode: period.mode },
    today,
    policy,
    units: data.units.map((unit) => ({ code: unit.code, replacedBy: unit.replacedBy })),
    items,
    months,
    sessionsByMonth,
    petitionsByStatus: breakdown.byStatus,
    petitionsByKind: breakdown.byKind,
  };
}

const snapshotKey = (province: string, year: number) => `reports:dashboard:${province}:${year}`;

/** The stored snapshot of a province and year, or null (none yet, or of an older shape). */
export async function readSnapshot(kv: KVNamespace, province: string, year: number): Promise<DashboardSnapshot | null> {
  const snapshot = await kv.get<DashboardSnapshot>(snapshotKey(province, year), "json");
  return snapshot?.version === SNAPSHOT_VERSION ? snapshot : null;
}

/** Keeps a snapshot for two days: the daily job replaces it long before, and a province that is gone stops showing. */
export async function writeSnapshot(kv: KVNamespace, snapshot: DashboardSnapshot): Promise<void> {
  await kv.put(snapshotKey(snapshot.province.code, snapshot.year), JSON.stringify(snapshot), { expirationTtl: 2 * 86_400 });
}

/** A unit and every unit merged into it, found through `replacedBy` backwards. */
export function groupOf(units: DashboardSnapshot["units"], code: string): Set<string> {
  const group = new Set([code]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const unit of units) {
      if (unit.replacedBy && group.has(unit.replacedBy) && !group.has(unit.code)) {
        group.add(unit.code);
        grew = true;
      }
    }
  }
  return group;
}

/** The snapshot narrowed to some units: their rows, and charts drawn from their figures only. */
export function narrowSnapshot(snapshot: DashboardSnapshot, codes: ReadonlySet<string>): DashboardSnapshot {
  const keep = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).filter(([code]) => codes.has(code)));
  return {
    ...snapshot,
    units: snapshot.units.filter((unit) => codes.has(unit.code)),
    items: snapshot.items.filter((item) => codes.has(item.unit.code)),
    sessionsByMonth: keep(snapshot.sessionsByMonth),
    petitionsByStatus: keep(snapshot.petitionsByStatus),
    petitionsByKind: keep(snapshot.petitionsByKind),
  };
}

/** Adds per-unit counts into one set of counts (a chart over the province, or over a commune's group). */
export function sumCounts(records: Record<string, Record<string, number>>): Record<string, number> {
  const total: Record<string, number> = {};
  for (const counts of Object.values(records)) for (const [key, value] of Object.entries(counts)) total[key] = (total[key] ?? 0) + value;
  return total;
}

/** Adds per-unit monthly counts. */
export function sumMonths(records: Record<string, number[]>, months: number): number[] {
  const total = Array.from({ length: months }, () => 0);
  for (const counts of Object.values(records)) {
    for (const [index, value] of counts.entries()) total[index] += value;
  }
  return total;
}
