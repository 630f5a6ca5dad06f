// `npm run bench`: starts `wrangler dev` on 127.0.0.1 with its own local state, loads each route with
// autocannon and prints requests/s, p50, p99 and the ratio to /healthz measured in the same run.
// Absolute figures depend on the machine; the ratios are what to compare between runs.
// BENCH_SECONDS (default 5), BENCH_CONNECTIONS (default 50) and BENCH_RUNS (default 3: the table shows the median)
// tune the load; bounded in time and count. The D1 round-trip column is the worker's own count for one request.
// A scenario with `once: true` (the 100k exports) is loaded in the last run only.
import { rmSync } from "node:fs";
import { join } from "node:path";
import autocannon from "autocannon";
import { benchScenarios } from "./bench-scenarios.mjs";
import { generatePetitions } from "./generate-petitions.mjs";
import { applyLocalMigrations, root, startDevServer } from "./lib/wrangler.mjs";
import { seed } from "./seed.mjs";

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const persistTo = join(root, ".wrangler", "bench-state");
if (!process.env.BENCH_KEEP_STATE) rmSync(persistTo, { recursive: true, force: true });
applyLocalMigrations(persistTo);
seed(persistTo);
const petitionCount = generatePetitions(Number(process.env.BENCH_PETITIONS ?? 100_000), persistTo);

function load(url, options = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: options.connections ?? connections, duration: seconds, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

const runs = Number(process.env.BENCH_RUNS ?? 3);
const port = Number(process.env.BENCH_PORT ?? 8790);
// BENCH_SERVER_OUTPUT=1 passes wrangler's own output through (to see why a route failed).
const startServer = () => startDevServer({ port, persistTo, inheritOutput: !!process.env.BENCH_SERVER_OUTPUT });
let server = await startServer();

/**
 * A fresh dev server for each run, on the same state. Local D1 under wrangler dev 4.86 keeps memory for every query
 * it served (a bare worker doing one `batch()` per request grows the same way: about 1 GB per 100,000 requests), and
 * at V8's heap limit workerd aborts — in the second run, every later route then failed to connect.
 */
async function restartServer() {
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.stop();
  await exited;
  for (let tries = 0; tries < 100; tries++) {
    const listening = await fetch(`${server.baseUrl}/healthz`).then(
      () => true,
      () => false,
    );
    if (!listening) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  server = await startServer();
}
const rows = [];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The D1 round trips one request of the scenario makes (the worker's own count, `x-d1-round-trips`). */
async function roundTrips(scenario) {
  const request = scenario.options?.requests?.[0] ?? {};
  const prepared = request.setupRequest ? request.setupRequest({ ...request, headers: { ...request.headers } }) : request;
  const headers = { ...scenario.options?.headers, ...prepared.headers };
  const response = await fetch(`${server.baseUrl}${scenario.path}`, { method: prepared.method ?? "GET", headers, body: prepared.body });
  await response.arrayBuffer();
  return response.headers.get("x-d1-round-trips") ?? "?";
}

try {
  const context = { baseUrl: server.baseUrl, persistTo };
  const scenarios = await benchScenarios(context);
  for (const scenario of scenarios) rows.push({ name: scenario.name, trips: await roundTrips(scenario), samples: [] });
  // Each run loads every route once, baseline first, so every ratio compares routes measured minutes apart at most;
  // the table reports the median of the runs.
  for (let run = 0; run < runs; run++) {
    if (run > 0) await restartServer();
    let baseline = 0;
    for (const [index, scenario] of scenarios.entries()) {
      // Big downloads run in the last run only: each pushes 40–100 MiB through wrangler's local proxy, which keeps
      // growing with them until it starts dropping connections (seen: every route of the next run failing).
      if (scenario.once && run < runs - 1) continue;
      if (!scenario.once) await load(`${server.baseUrl}${scenario.path}`, { ...scenario.options, duration: 1 }); // warm-up (each run has a fresh server)
      const result = await load(`${server.baseUrl}${scenario.path}`, scenario.options);
      if (index === 0) baseline = result.requests.average;
      rows[index].samples.push({
        rps: result.requests.average,
        ratio: result.requests.average / baseline,
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx + result.errors,
        // Which statuses the non-2xx were (and connection errors), so a failing route says why: "409×20".
        statuses: Object.entries(result.statusCodeStats ?? {})
          .filter(([code]) => !code.startsWith("2"))
          .map(([code, stats]) => [code, stats.count])
          .concat(result.errors ? [["errors", result.errors]] : []),
        total: result.requests.total,
      });
    }
  }
} finally {
  server.stop();
}
console.log(
  `\n${seconds}s per route, ${connections} connections, median of ${runs} runs, ${petitionCount} petitions in D1, wrangler dev on 127.0.0.1 (${new Date().toISOString()})\n`,
);
console.log("| route | D1 round trips | requests/s | p50 ms | p99 ms | ratio to /healthz | non-2xx |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const row of rows) {
  const pick = (key) => median(row.samples.map((sample) => sample[key]));
  const non2xx = row.samples.reduce((sum, sample) => sum + sample.non2xx, 0);
  const statuses = new Map();
  for (const sample of row.samples) for (const [code, count] of sample.statuses) statuses.set(code, (statuses.get(code) ?? 0) + count);
  const why = statuses.size ? ` (${[...statuses].map(([code, count]) => `${code}×${count}`).join(", ")})` : "";
  const total = row.samples.reduce((sum, sample) => sum + sample.total, 0);
  console.log(
    `| ${row.name} | ${row.trips} | ${pick("rps").toFixed(0)} | ${pick("p50")} | ${pick("p99")} | ${pick("ratio").toFixed(2)} | ${non2xx}/${total}${why} |`,
  );
}
