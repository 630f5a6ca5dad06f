/** What `npm run fuzz` (scripts/fuzz.mjs) bundles for Node: the harness and the app's route table. */

export { default as fc } from "fast-check";
export { app } from "../../src/index";
export { type Identity, operationsOf } from "./harness";
export { allRequests, Fuzzer } from "./runner";
export { COUNTS_REFUSALS, FORGETTABLE_KV, pageFieldNames, postPageRoutes, rowCountSql } from "./suite";
