// `npm run fuzz`: the long fuzz run. Starts `wrangler dev` on its own state (migrated and seeded) at FUZZ_PORT
// (8834), signs in each demo role, then sends FUZZ_REQUESTS (10,000) generated bad requests to every operation
// of /openapi.json and every POST page (test/fuzz/harness.ts), and prints the count by status and by operation.
// Fails when any answer is ≥ 500, an API error is not problem+json with a code, or a refused request changed
// storage. FUZZ_SEED reruns a run. Storage is read with the sqlite3 CLI after every refused write; without
// sqlite3, through wrangler after every batch of 100 requests that accepted no write.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { DEMO_PASSWORD, demoAccounts } from "./demo-data.mjs";
import { readDevVars } from "./lib/devvars.mjs";
import { applyLocalMigrations, persistArgs, queryLocal, root, startDevServer, wrangler } from "./lib/wrangler.mjs";
import { seed } from "./seed.mjs";

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const port = Number(process.env.FUZZ_PORT ?? 8834);

// The harness is TypeScript shared with the vitest run: bundle it for Node.
const outdir = mkdtempSync(join(tmpdir(), "fuzz-"));
await build({
  entryPoints: [join(root, "test/fuzz/dev-entry.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  outfile: join(outdir, "fuzz.mjs"),
  tsconfig: join(root, "tsconfig.json"),
  logLevel: "error",
});
const { app, operationsOf, allRequests, Fuzzer, COUNTS_REFUSALS, FORGETTABLE_KV, pageFieldNames, postPageRoutes, rowCountSql, fc } = await import(
  join(outdir, "fuzz.mjs")
);

const persistTo = join(root, ".wrangler", "fuzz-state");
rmSync(persistTo, { recursive: true, force: true });
applyLocalMigrations(persistTo);
seed(persistTo);
const server = await startDevServer({ port, persistTo });
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.stop();
    process.exit(130);
  });
}
let exitCode = 1;
try {
  exitCode = await run(server.baseUrl, server);
} finally {
  server.stop();
  rmSync(outdir, { recursive: true, force: true });
}
process.exit(exitCode);

async function run(baseUrl, server) {
  const vars = readDevVars();
  const accounts = [
    { role: "admin", email: vars.ADMIN_EMAIL, password: vars.ADMIN_PASSWORD },
    ...demoAccounts.map((account) => ({ ...account, password: DEMO_PASSWORD })),
  ];
  const identities = [{ name: "anonymous", apiHeaders: {}, pageHeaders: {} }];
  const signIn = async (account, address) => {
    const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": address },
      body: JSON.stringify({ email: account.email, password: account.password }),
    });
    if (response.status !== 200) throw new Error(`sign-in as ${account.role}: ${response.status} ${await response.text()}`);
    return (await response.json()).token;
  };
  for (const role of ["admin", "supervisor", "commune_head", "commune_staff"]) {
    const token = await signIn(
      accounts.find((candidate) => candidate.role === role),
      `127.0.8.${identities.length}`,
    );
    identities.push({ name: role, apiHeaders: { authorization: `Bearer ${token}` }, pageHeaders: { cookie: `sid=${token}` } });
  }
  identities.push({ name: "invalid token", apiHeaders: { authorization: "Bearer not-a-real-token" }, pageHeaders: { cookie: "sid=not-a-real-token" } });

  const snapshot = storageReader();
  const document = await (await fetch(`${baseUrl}/openapi.json`)).json();
  const operations = operationsOf(document);
  const suite = {
    operations,
    pageRoutes: postPageRoutes(app),
    fieldNames: await pageFieldNames(app, identities, (path, headers) => fetch(`${baseUrl}${path}`, { headers, redirect: "manual" }), operations),
  };
  const oversizeBytes = Number(wranglerVar("MAX_BODY_BYTES") ?? 8388608) + 1;
  // A fuzzed sign-out or password change ends a role's session: sign in again (from an address of its own).
  let renewals = 0;
  const renew = async (identity) => {
    const account = accounts.find((candidate) => candidate.role === identity.name);
    if (!account || (await fetch(`${baseUrl}/api/v1/me`, { headers: identity.apiHeaders })).status !== 401) return identity;
    renewals += 1;
    const token = await signIn(account, `127.0.9.${renewals % 250}`);
    return { ...identity, apiHeaders: { authorization: `Bearer ${token}` }, pageHeaders: { cookie: `sid=${token}` } };
  };
  const fuzzer = new Fuzzer(
    { baseUrl, fetch, identities, snapshot: snapshot.read, countsRefusals: COUNTS_REFUSALS, forgettable: FORGETTABLE_KV, oversizeBytes, renew },
    suite,
  );
  for (const operation of operations.filter((candidate) => candidate.method === "GET" && !candidate.path.includes("{"))) {
    for (const identity of identities) {
      const response = await fetch(`${baseUrl}${operation.path}`, { headers: identity.apiHeaders });
      if (response.ok && (response.headers.get("content-type") ?? "").startsWith("application/json")) fuzzer.known.harvest(await response.json());
    }
  }
  console.log(
    `Fuzzing ${operations.length} operations and ${suite.pageRoutes.length} POST pages with ${REQUESTS} requests (FUZZ_SEED=${SEED}); storage read ${snapshot.how}`,
  );
  const plans = fc.sample(
    allRequests(
      suite,
      identities.map((identity) => identity.name),
      oversizeBytes,
    ),
    { numRuns: REQUESTS, seed: SEED },
  );
  const started = Date.now();
  if (snapshot.fast) {
    await fuzzer.runEach(plans, (done) => done % 1000 === 0 && console.log(`  ${done} requests, ${((Date.now() - started) / 1000).toFixed(0)} s`));
  } else {
    const { checkedBatches, batches } = await fuzzer.runBatches(
      plans,
      100,
      4,
      (done) => done % 1000 === 0 && console.log(`  ${done} requests, ${((Date.now() - started) / 1000).toFixed(0)} s`),
    );
    console.log(`storage compared after ${checkedBatches} of ${batches} batches (the others accepted a write)`);
  }
  console.log(`\n${fuzzer.report.table()}\n\n${fuzzer.report.requests} requests in ${((Date.now() - started) / 1000).toFixed(0)} s, FUZZ_SEED=${SEED}`);
  console.log(`${renewals} sessions renewed after a fuzzed sign-out or password change`);
  // What the server logged for each 5xx (the worker logs the error with the request id it answered with).
  const errors = new Map();
  for (const line of server.output().split("\n")) {
    const logged = line.match(/\{"level":"error".*\}/)?.[0];
    if (!logged) continue;
    try {
      const { method, path, message } = JSON.parse(logged);
      const key = `${method} ${path.replace(/[0-9a-f-]{36}|[2-9A-HJ-NP-Z]{12}/g, ":id")}: ${message}`.slice(0, 300);
      errors.set(key, (errors.get(key) ?? 0) + 1);
    } catch {
      // not our JSON log line
    }
  }
  if (errors.size) console.log(`\nserver errors logged:\n${[...errors].map(([key, count]) => `${count}× ${key}`).join("\n")}`);
  return fuzzer.report.failures.size ? 1 : 0;
}

/** A `[vars]` value of wrangler.toml. */
function wranglerVar(name) {
  return readFileSync(join(root, "wrangler.toml"), "utf8").match(new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, "m"))?.[1] ?? null;
}

/** Reads row counts and KV keys of the dev server's local state: sqlite3 on its files when present, else wrangler. */
function storageReader() {
  const hasSqlite = spawnSync("sqlite3", ["-version"]).status === 0;
  const tables = queryLocal(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'",
    persistTo,
  ).map((row) => row.name);
  const countSql = rowCountSql(tables);
  if (hasSqlite) {
    const file = (dir) =>
      join(
        dir,
        readdirSync(dir).find((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite"),
      );
    const d1 = file(join(persistTo, "v3", "d1", "miniflare-D1DatabaseObject"));
    const kvDir = join(persistTo, "v3", "kv", "miniflare-KVNamespaceObject");
    const sqlite = (path, sql) => JSON.parse(execFileSync("sqlite3", ["-readonly", "-json", path, sql], { encoding: "utf8" }) || "[]");
    return {
      fast: true,
      how: "with sqlite3 after every refused write",
      read: async () => {
        const kvFile = readdirSync(kvDir).find((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite");
        const kvKeys = kvFile ? sqlite(join(kvDir, kvFile), "SELECT key FROM _mf_entries ORDER BY key").map((row) => row.key) : [];
        return { rows: sqlite(d1, countSql)[0], kvKeys };
      },
    };
  }
  return {
    fast: false,
    how: "with wrangler after every batch of 100 that accepted no write",
    read: async () => {
      const rows = queryLocal(countSql, persistTo)[0];
      const kvKeys = JSON.parse(wrangler(["kv", "key", "list", "--binding", "KV", "--local", ...persistArgs(persistTo)], { quiet: true })).map(
        (key) => key.name,
      );
      return { rows, kvKeys };
    },
  };
}
