import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
// The rows `npm run generate` and the bench make: 100,000 petitions, 60% in one commune.
import { petitionChunks } from "../../scripts/lib/petition-rows.mjs";
import { localDay } from "../../src/lib/dates";
import { inboxQuery } from "../../src/petitions/store";
import { queryPlan } from "../support/query-plan";

// The inbox's query plans on a database of the bench's size, with the planner's statistics gathered (ANALYZE):
// every search stays on an index that leads with the scope and ends with (due_on, id) — no sort step, no table
// scan — and a tracking code goes by its own unique index. The figures are in README (Performance).

const COUNT = 100_000;
const UNIT = "DEMO-HY-AK";
const PROVINCE = "DEMO-HY";
const today = localDay();
const staff = { id: crypto.randomUUID(), role: "commune_staff" as const };
const head = { id: crypto.randomUUID(), role: "commune_head" as const };

beforeAll(async () => {
  const now = new Date().toISOString();
  const unit = env.DB.prepare(
    "INSERT INTO units (code, name, name_folded, level, parent_code, province_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  await env.DB.batch([
    unit.bind(PROVINCE, "Tỉnh Hưng Yên", "tinh hung yen", "province", null, PROVINCE, now, now),
    ...["AK", "AT", "TD", "DT"].map((code) =>
      unit.bind(`${PROVINCE}-${code}`, `Xã ${code}`, `xa ${code.toLowerCase()}`, "commune", PROVINCE, PROVINCE, now, now),
    ),
  ]);
  for (const chunk of petitionChunks(COUNT)) await env.DB.prepare(chunk).run();
  // A submitter for every petition, and a protected denouncer now and then.
  await env.DB.prepare(
    `INSERT INTO petition_submitters (petition_id, name, phone, search_folded)
     SELECT id, 'Nguyễn Văn ' || substr(tracking_code, 4), '09' || substr(tracking_code, 5), 'nguyen van ' || substr(tracking_code, 4) || ' 09' || substr(tracking_code, 5)
     FROM petitions`,
  ).run();
  await env.DB.prepare("UPDATE petitions SET identity_protected = 1 WHERE kind = 'denunciation'").run();
  await env.DB.prepare("ANALYZE").run();
}, 300_000);

async function planOf(...query: Parameters<typeof inboxQuery>): Promise<string> {
  return queryPlan(inboxQuery(...query));
}

describe(`the inbox's plans at ${COUNT.toLocaleString("en")} petitions`, () => {
  it("has the rows", async () => {
    expect(await env.DB.prepare("SELECT count(*) AS n FROM petitions WHERE unit_code = ?").bind(UNIT).first("n")).toBe(COUNT * 0.6);
  });

  it.each([
    [{ unitCode: UNIT }, { q: "duong ngap" }, "petitions_by_unit_due"],
    [{ unitCode: UNIT }, { q: "Nguyễn Văn" }, "petitions_by_unit_due"],
    [{ unitCode: UNIT }, { q: "0912 345 678" }, "petitions_by_unit_due"],
    [{ unitCode: UNIT }, { q: "duong ngap", status: "received" as const }, "petitions_by_unit_status_due"],
    [{ unitCode: UNIT }, { q: "duong ngap", kind: "complaint" as const }, "petitions_by_unit_kind_due"],
    [{ unitCode: UNIT }, { q: "duong ngap", category: "ha-tang" }, "petitions_by_unit_category_due"],
    [{ unitCode: UNIT }, { q: "duong", overdue: true }, "petitions_by_unit_due"],
    [{ unitCode: UNIT }, { q: "duong", dueWithinWorkingDays: 3 }, "petitions_by_unit_due"],
    [{ provinceCode: PROVINCE }, { q: "den duong hong" }, "petitions_by_province_due"],
    [{ provinceCode: PROVINCE }, { q: "duong", status: "answered" as const }, "petitions_by_province_status_due"],
  ])("%o %o: %s, in (due_on, id) order, submitters by their key", async (scope, filter, index) => {
    for (const searcher of [staff, head]) {
      for (const after of [null, ["2026-03-01", "a"] as [string, string]]) {
        const plan = await planOf(scope, filter, today, 50, after, searcher);
        expect(plan).toContain(`USING INDEX ${index} (`);
        expect(plan).not.toContain("TEMP B-TREE");
        expect(plan).not.toMatch(/SCAN petitions\b/);
        // The submitter is looked up by the petition's id, never scanned.
        if (plan.includes("petition_submitters"))
          expect(plan).toMatch(/SEARCH s USING (INDEX|PRIMARY KEY|COVERING INDEX) sqlite_autoindex_petition_submitters_1 \(petition_id=\?\)/);
        expect(plan).not.toMatch(/SCAN s\b/);
      }
    }
  });

  it("a tracking code goes by the code's unique index", async () => {
    for (const scope of [{ unitCode: UNIT }, { provinceCode: PROVINCE }]) {
      const plan = await planOf(scope, { q: "abcd-efgh-jkm2" }, today, 50, null, staff);
      expect(plan).toMatch(/SEARCH petitions USING INDEX sqlite_autoindex_petitions_\d \(tracking_code=\?\)/);
    }
  });
});
