import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { testHost } from "./test/support/test-host.mjs";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.resolve(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // Runs in Node: the recording SMS/Zalo gateway on 127.0.0.1 and the local email files.
          serviceBindings: { TEST_HOST: testHost },
          bindings: {
            TEST_MIGRATIONS: migrations,
            ADMIN_EMAIL: "root@test.local",
            ADMIN_PASSWORD: "Root-pass-123",
            DEVICE_COOKIE_SECRET: "test-device-cookie-secret",
            // Tests exercise the lock quickly; production keeps 5 attempts per 15 minutes.
            LOGIN_MAX_FAILURES: "3",
            // The gateway stays unset (SMS/Zalo skipped) unless a test points GATEWAY_URL at its recorder.
            GATEWAY_SECRET: "test-gateway-secret",
            // `FUZZ_RUNS=5000 FUZZ_SEED=… npx vitest run test/fuzz` reruns or lengthens the bounded fuzz run.
            FUZZ_RUNS: process.env.FUZZ_RUNS ?? "",
            FUZZ_SEED: process.env.FUZZ_SEED ?? "",
          },
        },
      }),
    ],
    test: {
      reporters: ["default", "json"],
      outputFile: { json: "test-results/vitest.json" },
      include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
      exclude: ["test/e2e/**"],
      setupFiles: ["./test/support/apply-migrations.ts"],
    },
  };
});
