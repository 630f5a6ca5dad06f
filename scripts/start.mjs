// `npm start`: one command from a fresh clone to a running app on http://127.0.0.1:8787 —
// creates .dev.vars, applies local D1 migrations without prompting, seeds demo data, runs wrangler dev.
import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { DEMO_PASSWORD, demoAccounts } from "./demo-data.mjs";
import { applyLocalMigrations, root, startDevServer } from "./lib/wrangler.mjs";
import { seed } from "./seed.mjs";

const devVars = join(root, ".dev.vars");
if (!existsSync(devVars)) {
  copyFileSync(join(root, ".dev.vars.example"), devVars);
  console.log("Created .dev.vars from .dev.vars.example");
}
applyLocalMigrations();
seed();
console.log(`Migrations applied and demo data seeded. Demo accounts (password ${DEMO_PASSWORD}):`);
for (const account of demoAccounts) console.log(`  ${account.role.padEnd(14)} ${account.email}`);
console.log("  admin          the ADMIN_EMAIL / ADMIN_PASSWORD of .dev.vars");
const server = await startDevServer({ port: Number(process.env.PORT ?? 8787), inheritOutput: true });
console.log(`\nĐối thoại is running at ${server.baseUrl}  (Ctrl+C to stop)`);
const stop = () => {
  server.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
