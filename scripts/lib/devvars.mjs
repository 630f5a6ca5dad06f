import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

/** Reads .dev.vars (or the committed example when it is missing) as an object. */
export function readDevVars() {
  const file = existsSync(join(root, ".dev.vars")) ? join(root, ".dev.vars") : join(root, ".dev.vars.example");
  const vars = {};
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const match = line.match(/^([A-Z_][A-Z0-9_]*)=(.*)$/);
    if (match) vars[match[1]] = match[2].trim();
  }
  return vars;
}
