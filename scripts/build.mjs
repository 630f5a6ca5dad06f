// `npm run build`: bundles the worker exactly as `wrangler deploy` would (offline, --dry-run) and checks
// its gzip size against the budget. The Free plan allows 3 MB; we keep far below so cold starts stay fast.
// The budget was 150 KiB for petitions alone; with dialogue sessions, notifications and reports the product's own
// code (not dependencies) passed it, so it is 250 KiB: a new dependency still has to earn its place here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { root, wrangler } from "./lib/wrangler.mjs";

const BUDGET_KIB = 250;
const outdir = join(root, "dist");
wrangler(["deploy", "--dry-run", "--outdir", outdir, "--minify"], { quiet: true });
const files = readdirSync(outdir).filter((name) => name.endsWith(".js"));
let raw = 0;
let gzip = 0;
for (const name of files) {
  const bytes = readFileSync(join(outdir, name));
  raw += statSync(join(outdir, name)).size;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
const kib = (bytes) => (bytes / 1024).toFixed(1);
console.log(`Worker bundle: ${kib(raw)} KiB, ${kib(gzip)} KiB gzip (budget ${BUDGET_KIB} KiB gzip)`);
if (gzip / 1024 > BUDGET_KIB) {
  console.error(`The worker is over its size budget by ${kib(gzip - BUDGET_KIB * 1024)} KiB gzip.`);
  process.exit(1);
}
