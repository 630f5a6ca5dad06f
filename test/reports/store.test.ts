import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { petitionBreakdownStatement, petitionSegmentsStatement } from "../../src/reports/store";
import { queryPlan } from "../support/query-plan";

/** EXPLAIN QUERY PLAN of a prepared statement (its SQL and parameters as bound). */
async function planOf(statement: D1PreparedStatement): Promise<string> {
  const { statement: sql, params } = statement as unknown as { statement: string; params: unknown[] };
  return queryPlan({ sql, params });
}

describe("the reports' reads", () => {
  const boundaries = ["2025-12-31T17:00:00.000Z", "2026-03-31T17:00:00.000Z", "2026-12-31T17:00:00.000Z"];
  it.each([
    ["a province", { province: "P" }],
    ["a unit and the units merged into it", { unit: "C" }],
    ["one unit", { unitOnly: "C" }],
  ] as const)("sum a period's petitions of %s from the covering index, one range per unit", async (_, scope) => {
    for (const statement of [petitionSegmentsStatement(env.DB, scope, boundaries, "2026-11-26"), petitionBreakdownStatement(env.DB, scope, boundaries)]) {
      const plan = await planOf(statement);
      expect(plan).toMatch(/SEARCH p USING COVERING INDEX petitions_for_reports \(unit_code=\? AND submitted_at>\? AND submitted_at<\?\)/);
      expect(plan).not.toMatch(/SCAN p\b/);
    }
  });
});
