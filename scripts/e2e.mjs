// `npm run test:e2e`: browser tests in Debian's Chromium (playwright-core) against `wrangler dev` on 127.0.0.1,
// with a fresh local state (migrated and seeded) so runs never depend on what a previous run left.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { applyLocalMigrations, root, startDevServer } from "./lib/wrangler.mjs";
import { seed } from "./seed.mjs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(`Chromium not found at ${chromium}. Install it with: apt-get install -y chromium`);
  process.exit(1);
}
const persistTo = join(root, ".wrangler", "e2e-state");
rmSync(persistTo, { recursive: true, force: true });
applyLocalMigrations(persistTo);
seed(persistTo);
const server = await startDevServer({ port: 8788, persistTo });
let status = 1;
try {
  const result = spawnSync(process.execPath, ["--test", "--test-concurrency=1", "test/e2e/"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, BASE_URL: server.baseUrl, CHROMIUM_PATH: chromium },
  });
  status = result.status ?? 1;
} finally {
  server.stop();
}
process.exit(status);
