import { beforeAll, describe, expect, it } from "vitest";
import { api, makeAccount, makeUnits, type TestAccount, type TestUnits } from "../support/factory";
import { expectRoundTrips } from "../support/round-trips";
import { insertPetition } from "./fixtures";

// The exports against the round-trip budget. An export is a read that streams: before its first byte it makes
// two round trips — the context (unit and count, with the sign-in check riding along) and the audit entry with
// the first page — which is what `x-d1-round-trips` shows; each further page of 1,000 rows is one more while the
// body streams (test/exports/routes.test.ts walks 2,500 rows; the budget check refuses exports that would pass
// the per-request query limit).

let units: TestUnits;
let staff: TestAccount;
let otherStaff: TestAccount;

beforeAll(async () => {
  units = await makeUnits();
  staff = await makeAccount("commune_staff", units.commune);
  otherStaff = await makeAccount("commune_staff", units.otherCommune);
  await insertPetition({ unit: units.commune, province: units.province, submittedAt: "2026-03-02T03:00:00.000Z", submitter: { name: "Lê Văn An" } });
});

describe("the exports API", () => {
  for (const format of ["csv", "xlsx", "json"]) {
    it(`GET /api/v1/exports/petitions.${format}: two round trips before the body streams`, async () => {
      const response = await api("GET", `/api/v1/exports/petitions.${format}?from=2026-03-01`, { token: staff.token });
      expect(response.status).toBe(200);
      expectRoundTrips(response, 2);
      await response.arrayBuffer();
    });
  }

  for (const kind of ["sessions", "reception-book", "commitments"]) {
    it(`GET /api/v1/exports/${kind}.csv: two round trips before the body streams`, async () => {
      const response = await api("GET", `/api/v1/exports/${kind}.csv`, { token: staff.token });
      expect(response.status).toBe(200);
      expectRoundTrips(response, 2);
      await response.arrayBuffer();
    });
  }

  it("a refusal costs the context only", async () => {
    const outside = await api("GET", `/api/v1/exports/petitions.csv?unit=${units.commune}`, { token: otherStaff.token });
    expect(outside.status).toBe(404);
    expectRoundTrips(outside, 1);
  });
});
