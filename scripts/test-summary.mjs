// Prints one closing line for the vitest suite ("vitest: N passed, N failed") from its JSON report,
// so that CI logs end with a count any reader (or tool) can check.
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(new URL("../test-results/vitest.json", import.meta.url), "utf8"));
console.log(`vitest: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
process.exit(report.numFailedTests > 0 || report.numPassedTests === 0 ? 1 : 0);
