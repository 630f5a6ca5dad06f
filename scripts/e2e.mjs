// `npm run test:e2e`: browser tests in Debian's Chromium (playwright-core) against `wrangler dev` on 127.0.0.1,
// with a fresh local state (migrated and seeded) so runs never depend on what a previous run left.
// `npm run race` runs test/race/ the same way: concurrency cases as real parallel HTTP requests.
// Usage: node scripts/e2e.mjs [TEST_DIR] [--no-browser]
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { applyLocalMigrations, root, startDevServer } from "./lib/wrangler.mjs";
import { seed } from "./seed.mjs";

const testDir = process.argv.find((arg, index) => index > 1 && !arg.startsWith("--")) ?? "test/e2e/";
const needsBrowser = !process.argv.includes("--no-browser");
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (needsBrowser && !existsSync(chromium)) {
  console.error(`Chromium not found at ${chromium}. Install it with: apt-get install -y chromium`);
  process.exit(1);
}
const persistTo = join(root, ".wrangler", needsBrowser ? "e2e-state" : "race-state");
rmSync(persistTo, { recursive: true, force: true });
applyLocalMigrations(persistTo);
seed(persistTo);
// E2E_PORT / RACE_PORT let several checkouts run their suites side by side.
const port = Number(needsBrowser ? (process.env.E2E_PORT ?? 8788) : (process.env.RACE_PORT ?? 8791));
const server = await startDevServer({ port, persistTo });
let status = 1;
try {
  const result = spawnSync(process.execPath, ["--test", "--test-concurrency=1", testDir], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, BASE_URL: server.baseUrl, CHROMIUM_PATH: chromium },
  });
  status = result.status ?? 1;
} finally {
  server.stop();
}
process.exit(status);
