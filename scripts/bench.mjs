// `npm run bench`: starts `wrangler dev` on 127.0.0.1 with its own local state, loads each route with
// autocannon and prints requests/s, p50, p99 and the ratio to /healthz measured in the same run.
// Absolute figures depend on the machine; the ratios are what to compare between runs.
// BENCH_SECONDS (default 5) and BENCH_CONNECTIONS (default 50) tune the load; bounded in time and count.
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

const server = await startDevServer({ port: Number(process.env.BENCH_PORT ?? 8790), persistTo });
const rows = [];
try {
  const context = { baseUrl: server.baseUrl, persistTo };
  for (const scenario of await benchScenarios(context)) {
    await load(`${server.baseUrl}${scenario.path}`, { ...scenario.options, duration: 1 }); // warm-up
    const result = await load(`${server.baseUrl}${scenario.path}`, scenario.options);
    const non2xx = result.non2xx + result.errors;
    rows.push({ name: scenario.name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx, total: result.requests.total });
  }
} finally {
  server.stop();
}
const baseline = rows[0].rps;
console.log(`\n${seconds}s per route, ${connections} connections, ${petitionCount} petitions in D1, wrangler dev on 127.0.0.1 (${new Date().toISOString()})\n`);
console.log("| route | requests/s | p50 ms | p99 ms | ratio to /healthz | non-2xx |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const row of rows) {
  console.log(`| ${row.name} | ${row.rps.toFixed(0)} | ${row.p50} | ${row.p99} | ${(row.rps / baseline).toFixed(2)} | ${row.non2xx}/${row.total} |`);
}
