// Fills the local database with synthetic petitions for benchmarks: `npm run generate -- 100000 [--persist-to DIR]`.
// One INSERT … SELECT over a recursive sequence, so 100,000 rows take seconds. Idempotent: rows have fixed ids.
// Most rows go to DEMO-HY-AK so that one commune's inbox is large (the case that needs the indexes).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { petitionChunks } from "./lib/petition-rows.mjs";
import { applyLocalMigrations, executeLocalSql, queryLocal } from "./lib/wrangler.mjs";
import { seed } from "./seed.mjs";

export function generatePetitions(count, persistTo) {
  // The same rows before and after migration 0013 (which added the deadlines' parameters).
  const withDeadlineParameters = queryLocal("SELECT count(*) AS n FROM pragma_table_info('petitions') WHERE name = 'ack_from'", persistTo)[0].n > 0;
  const statements = petitionChunks(count, { withDeadlineParameters });
  const file = join(mkdtempSync(join(tmpdir(), "generate-")), "petitions.sql");
  writeFileSync(file, statements.join("\n"));
  executeLocalSql(file, persistTo);
  return queryLocal("SELECT count(*) AS n FROM petitions", persistTo)[0].n;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 100_000);
  const index = process.argv.indexOf("--persist-to");
  const persistTo = index > 0 ? process.argv[index + 1] : undefined;
  applyLocalMigrations(persistTo);
  seed(persistTo);
  const started = Date.now();
  const total = generatePetitions(count, persistTo);
  console.log(`Petitions in the local database: ${total} (generated in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
