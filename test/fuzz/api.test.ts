/**
 * The bounded fuzz run of `npm test`: every operation of `/openapi.json` and every POST page route, with
 * generated bad input, as anonymous, each role and a bad token. No answer ≥ 500; every API error is
 * problem+json with a code; a refused request leaves no row, KV key or photo behind.
 * `FUZZ_RUNS` and `FUZZ_SEED` (printed on failure) rerun a case; `npm run fuzz` is the long run.
 */
import { env, SELF } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/index";
import { api, makeAccount, makeUnits, type TestAccount } from "../support/factory";
import { type Identity, type OpenApiDocument, operationsOf, type StorageState } from "./harness";
import { allRequests, Fuzzer, type FuzzSuite } from "./runner";
import { COUNTS_REFUSALS, FORGETTABLE_KV, pageFieldNames, postPageRoutes, rowCountSql } from "./suite";

const RUNS = Number(env.FUZZ_RUNS || 200);
const SEED = Number(env.FUZZ_SEED || Date.now() % 2 ** 31);
const BASE_URL = "http://127.0.0.1";

let tables: string[] = [];
async function snapshot(): Promise<StorageState> {
  const rows = (await env.DB.prepare(rowCountSql(tables)).first()) as Record<string, number>;
  const kvKeys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.KV.list({ cursor });
    kvKeys.push(...page.keys.map((key) => key.name));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return { rows, kvKeys };
}

const fetchSelf = (url: string, init: RequestInit) => SELF.fetch(url, init);

/** A role whose session a fuzzed request ended (sign-out, password change) gets a new account and session. */
async function renew(identity: Identity): Promise<Identity> {
  const account = accounts.find((candidate) => candidate.role === identity.name);
  if (!account || (await fetchSelf(`${BASE_URL}/api/v1/me`, { headers: identity.apiHeaders })).status !== 401) return identity;
  const fresh = await makeAccount(account.role, account.unitCode);
  return { ...identity, apiHeaders: { authorization: `Bearer ${fresh.token}` }, pageHeaders: { cookie: `sid=${fresh.token}` } };
}

let suite: FuzzSuite;
let fuzzer: Fuzzer;
let identities: Identity[];
let accounts: TestAccount[] = [];

beforeAll(async () => {
  tables = (
    await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'",
    ).all<{
      name: string;
    }>()
  ).results.map((row) => row.name);
  const units = await makeUnits();
  accounts = [
    await makeAccount("admin", null),
    await makeAccount("supervisor", units.province),
    await makeAccount("commune_head", units.commune),
    await makeAccount("commune_staff", units.commune),
  ];
  identities = [
    { name: "anonymous", apiHeaders: {}, pageHeaders: {} },
    ...accounts.map((account) => ({
      name: account.role,
      apiHeaders: { authorization: `Bearer ${account.token}` },
      pageHeaders: { cookie: `sid=${account.token}` },
    })),
    { name: "invalid token", apiHeaders: { authorization: "Bearer not-a-real-token" }, pageHeaders: { cookie: "sid=not-a-real-token" } },
  ];
  // Something real to point ids at: a petition in the head's commune.
  await api("POST", "/api/v1/petitions", {
    body: {
      unitCode: units.commune,
      category: "ha-tang",
      kind: "recommendation",
      title: "Đèn đường hỏng",
      content: "Đèn đường trước nhà văn hóa thôn hỏng đã hai tuần.",
      submitter: { name: "Người dân", phone: "0987654321" },
      consent: true,
    },
    headers: { "cf-connecting-ip": "10.77.0.1" },
  });
  const document = (await (await SELF.fetch(`${BASE_URL}/openapi.json`)).json()) as OpenApiDocument;
  const operations = operationsOf(document);
  suite = {
    operations,
    pageRoutes: postPageRoutes(app),
    fieldNames: await pageFieldNames(app, identities, (path, headers) => SELF.fetch(`${BASE_URL}${path}`, { headers }), operations),
  };
  fuzzer = new Fuzzer(
    {
      baseUrl: BASE_URL,
      fetch: fetchSelf,
      identities,
      snapshot,
      countsRefusals: COUNTS_REFUSALS,
      forgettable: FORGETTABLE_KV,
      oversizeBytes: Number(env.MAX_BODY_BYTES) + 1,
      renew,
    },
    suite,
  );
  // Learn real ids and codes: every list, plainly, as everyone.
  for (const operation of operations.filter((candidate) => candidate.method === "GET" && !candidate.path.includes("{"))) {
    for (const identity of identities)
      await fetchSelf(`${BASE_URL}${operation.path}`, { headers: identity.apiHeaders }).then(async (response) => {
        if (response.ok && (response.headers.get("content-type") ?? "").startsWith("application/json")) fuzzer.known.harvest(await response.json());
      });
  }
  // Every page as every identity, and every list: more routes, more set-up (a loaded 2-core machine needs the time).
}, 60_000);

describe("fuzzing every operation and form", () => {
  it("finds the API and the forms to fuzz", () => {
    expect(suite.operations.length).toBeGreaterThan(20);
    expect(suite.operations.map((operation) => operation.key)).toContain("POST /api/v1/petitions");
    expect(suite.pageRoutes).toContain("/login");
    expect(suite.fieldNames).toContain("password");
    expect(fuzzer.known.candidates("id").length).toBeGreaterThan(0);
  });

  it(`answers ${RUNS} generated bad requests without a 5xx, each error as problem+json, each refusal leaving storage as it was`, async () => {
    const plans = fc.sample(
      allRequests(
        suite,
        identities.map((identity) => identity.name),
        Number(env.MAX_BODY_BYTES) + 1,
      ),
      { numRuns: RUNS, seed: SEED },
    );
    await fuzzer.runEach(plans);
    const report = fuzzer.report;
    if (report.failures.size) console.log(`FUZZ_SEED=${SEED}\n${report.table()}`);
    expect([...report.failures.keys()], `FUZZ_SEED=${SEED}`).toEqual([]);
    // The run reached past validation, not only the front door.
    const statuses = [...report.byStatus.keys()];
    expect(statuses.some((status) => status >= 200 && status < 300)).toBe(true);
    expect(statuses).toEqual(expect.arrayContaining([400, 401, 403, 404]));
  }, 120_000);
});
