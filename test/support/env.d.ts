declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** Node-side helper for tests: the recording gateway and the local email files (test/support/test-host.ts). */
    TEST_HOST: Fetcher;
    FUZZ_RUNS: string;
    FUZZ_SEED: string;
  }
}
