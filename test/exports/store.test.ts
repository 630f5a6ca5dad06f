import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import {
  countPetitionsQuery,
  countPetitionsStatement,
  type ExportPetitionRow,
  type ExportScope,
  type PetitionKey,
  petitionPageQuery,
  petitionPageStatement,
  toPetitionPage,
} from "../../src/exports/store";
import { instantBoundsOf } from "../../src/exports/workflow";
import { instantBounds } from "../../src/lib/dates";
import { makeUnits, type TestUnits } from "../support/factory";
import { queryPlan } from "../support/query-plan";
import { insertManyPetitions, insertPetition } from "./fixtures";

let units: TestUnits;
beforeAll(async () => {
  units = await makeUnits();
  await insertManyPetitions(units.commune, units.province, 2_345, "2026-01-05T01:00:00.000Z", "pg-");
  await insertPetition({ unit: units.otherCommune, province: units.province, submittedAt: "2026-01-06T00:00:00.000Z" });
});

describe("reading petitions for an export", () => {
  it.each([
    // A unit's count is read from the reports' covering index (0054), which starts with the same two columns.
    [{ unitCode: "U" }, "petitions_by_unit_submitted", "petitions_for_reports"],
    [{ provinceCode: "P" }, "petitions_by_province_submitted", "petitions_by_province_submitted"],
  ] as [ExportScope, string, string][])("EXPLAIN QUERY PLAN: pages and counts of %o read %s, in order, without a sort", async (scope, index, countIndex) => {
    const bounds = instantBoundsOf({ from: "2026-01-01", to: "2026-03-31" });
    for (const after of [null, ["2026-01-05T00:00:00.000Z", "x"] as PetitionKey]) {
      const plan = await queryPlan(petitionPageQuery(scope, bounds, after, 1_000));
      expect(plan).toMatch(new RegExp(`SEARCH p USING INDEX ${index} \\((unit|province)_code=\\? AND \\(?submitted_at`));
      expect(plan).not.toContain("TEMP B-TREE");
      // Each joined row is found by its key, never by a scan.
      expect(plan).not.toMatch(/SCAN (u|c|a|s)\b/);
    }
    expect(await queryPlan(countPetitionsQuery(scope, instantBounds({})))).toContain(`USING COVERING INDEX ${countIndex}`);
  });

  it("starts each later page's index range at its key, not at the range's start (no rescanning)", () => {
    const bounds = instantBoundsOf({ from: "2026-01-01" });
    const query = petitionPageQuery({ unitCode: "U" }, bounds, ["2026-02-01T00:00:00.000Z", "id-9"], 1_000);
    expect(query.params).toEqual(["U", "2026-02-01T00:00:00.000Z", "9999", "2026-02-01T00:00:00.000Z", "id-9", 1_001]);
    expect(petitionPageQuery({ unitCode: "U" }, bounds, null, 1_000).params).toEqual(["U", "2025-12-31T17:00:00.000Z", "9999", 1_001]);
  });

  it("walks every petition once, oldest first, ids breaking ties, in pages of the asked size", async () => {
    const scope = { unitCode: units.commune };
    const seen: ExportPetitionRow[] = [];
    let after: PetitionKey | null = null;
    let pages = 0;
    do {
      const { results } = await petitionPageStatement(env.DB, scope, instantBounds({}), after, 1_000).all<ExportPetitionRow>();
      const page = toPetitionPage(results, 1_000);
      seen.push(...page.rows);
      after = page.next;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(2_345);
    expect(new Set(seen.map((row) => row.id)).size).toBe(2_345);
    const keys = seen.map((row) => `${row.submitted_at} ${row.id}`);
    expect(keys).toEqual([...keys].sort());
    expect(seen[0]).toMatchObject({ unit_name: "Xã An Khê", category_name: "Môi trường", submitter_phone: "0912345678" });
  });

  it("counts within local days: a range's ends are Vietnam's midnights", async () => {
    const scope = { unitCode: units.commune };
    const count = async (from?: string, to?: string) =>
      (await countPetitionsStatement(env.DB, scope, instantBoundsOf({ from, to })).first<{ n: number }>())?.n ?? 0;
    // Two petitions a minute (one in the first) from 05/01 08:00 local (01:00 UTC) to 06/01 03:32 local.
    expect(await count()).toBe(2_345);
    expect(await count("2026-01-05", "2026-01-05")).toBe(1 + 2 * 959); // 08:00 to 23:59 local: 960 minutes
    expect(await count("2026-01-06")).toBe(2_345 - 1_919);
    expect(await count(undefined, "2026-01-04")).toBe(0);
  });
});
