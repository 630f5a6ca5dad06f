// `npm run units:import -- FILE.csv`: imports the official unit list into the local database through the
// same all-or-nothing API the administrators use, so local imports obey exactly the production rules.
import { readFileSync } from "node:fs";
import { readDevVars } from "./lib/devvars.mjs";
import { applyLocalMigrations, startDevServer } from "./lib/wrangler.mjs";

const file = process.argv[2];
if (!file) {
  console.error("Usage: npm run units:import -- FILE.csv   (header code,name,level,parent_code[,valid_from,valid_to,replaced_by])");
  process.exit(2);
}
const csv = readFileSync(file, "utf8");
const { ADMIN_EMAIL, ADMIN_PASSWORD } = readDevVars();
applyLocalMigrations();
const server = await startDevServer({ port: 8799 });
try {
  const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  if (!login.ok) throw new Error(`Sign-in as ADMIN_EMAIL failed: ${login.status} ${await login.text()}`);
  const { token } = await login.json();
  const response = await fetch(`${server.baseUrl}/api/v1/units/import`, {
    method: "POST",
    headers: { "content-type": "text/csv", authorization: `Bearer ${token}` },
    body: csv,
  });
  const body = await response.json();
  if (!response.ok) {
    console.error(`Nothing imported (${response.status}): ${body.detail}`);
    for (const error of body.errors ?? []) console.error(`  line ${error.line ?? "?"} ${error.path}: ${error.message}`);
    process.exitCode = 1;
  } else {
    console.log(`Imported ${body.imported} units (${body.created} new, ${body.updated} updated).`);
  }
} finally {
  server.stop();
}
