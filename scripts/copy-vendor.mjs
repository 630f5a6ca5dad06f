// Copies the API reference UI (swagger-ui-dist) into public/vendor so the worker serves it as a static asset.
// Runs on install; the files are build output, not committed.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
let source;
try {
  source = dirname(require.resolve("swagger-ui-dist/package.json"));
} catch {
  console.warn("swagger-ui-dist is not installed (production install?): /docs will have no UI assets");
  process.exit(0);
}
const target = join(import.meta.dirname, "..", "public", "vendor", "swagger-ui");
mkdirSync(target, { recursive: true });
for (const file of ["swagger-ui-bundle.js", "swagger-ui.css"]) {
  if (existsSync(join(source, file))) copyFileSync(join(source, file), join(target, file));
}
