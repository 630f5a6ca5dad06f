// Helpers for scripts that drive wrangler: quiet, offline-safe environment, local D1, dev server lifecycle.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readDevVars } from "./devvars.mjs";

export const root = join(import.meta.dirname, "..", "..");
export const wranglerBin = join(root, "node_modules", ".bin", "wrangler");

/** No prompts, no telemetry, no lookup of the `cf` object (which fails offline). */
export const wranglerEnv = {
  ...process.env,
  CI: "true",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  NO_COLOR: "1",
};

export function persistArgs(persistTo) {
  return persistTo ? ["--persist-to", persistTo] : [];
}

/** Runs wrangler and fails loudly with its output when it fails. */
export function wrangler(args, { quiet = false } = {}) {
  const result = spawnSync(wranglerBin, args, { cwd: root, env: wranglerEnv, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? "");
    process.stderr.write(result.stderr ?? "");
    throw new Error(`wrangler ${args.join(" ")} exited with ${result.status}`);
  }
  if (!quiet) process.stdout.write(result.stdout);
  return result.stdout;
}

export function applyLocalMigrations(persistTo) {
  wrangler(["d1", "migrations", "apply", "DB", "--local", ...persistArgs(persistTo)], { quiet: true });
}

/** Executes a SQL file against the local D1 database. */
export function executeLocalSql(file, persistTo) {
  wrangler(["d1", "execute", "DB", "--local", "--file", file, ...persistArgs(persistTo)], { quiet: true });
}

/** Runs a query against the local D1 and returns its rows. */
export function queryLocal(sql, persistTo) {
  const output = wrangler(["d1", "execute", "DB", "--local", "--json", "--command", sql, ...persistArgs(persistTo)], { quiet: true });
  return JSON.parse(output)[0].results;
}

/** Starts `wrangler dev` on 127.0.0.1 and resolves once /healthz answers. */
export async function startDevServer({ port, persistTo, vars = {}, inheritOutput = false }) {
  // A fresh clone (CI) has no .dev.vars: give the dev server the committed example's development secrets.
  const secrets = existsSync(join(root, ".dev.vars")) ? {} : readDevVars();
  const varArgs = Object.entries({ ...secrets, ...vars })
    .filter(([, value]) => value !== "")
    .flatMap(([name, value]) => ["--var", `${name}:${value}`]);
  // Each dev server gets its own inspector port too, so several can run side by side (the default is 9229).
  const inspector = ["--inspector-port", String(port + 10000)];
  const child = spawn(wranglerBin, ["dev", "--ip", "127.0.0.1", "--port", String(port), ...inspector, ...persistArgs(persistTo), ...varArgs], {
    cwd: root,
    env: wranglerEnv,
    stdio: inheritOutput ? "inherit" : ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  if (Date.now() >= deadline) {
    stopProcessGroup(child);
    throw new Error(`wrangler dev did not answer within 90 s:\n${output}`);
  }
  return { baseUrl, child, output: () => output, stop: () => stopProcessGroup(child) };
}

/** Stops wrangler and the workerd it started (they share the detached process group). */
export function stopProcessGroup(child) {
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
}
