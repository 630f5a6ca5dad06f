// Seeds the local database with demo data. Idempotent: every insert is ON CONFLICT DO NOTHING,
// so running it twice changes nothing. Usage: npm run seed [-- --persist-to DIR]
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_PASSWORD, demoAccounts, demoUnits } from "./demo-data.mjs";
import { readDevVars } from "./lib/devvars.mjs";
import { fold, hashPassword, sqlString } from "./lib/sql.mjs";
import { applyLocalMigrations, executeLocalSql } from "./lib/wrangler.mjs";

function provinceOf(code) {
  const unit = demoUnits.find((candidate) => candidate.code === code);
  return unit.parent ? provinceOf(unit.parent) : unit.code;
}

export function seedSql() {
  const now = new Date().toISOString();
  const statements = [];
  for (const unit of demoUnits) {
    statements.push(
      `INSERT INTO units (code, name, name_folded, level, parent_code, province_code, valid_from, valid_to, replaced_by, created_at, updated_at) VALUES (${[
        unit.code,
        unit.name,
        fold(unit.name),
        unit.level,
        unit.parent,
        provinceOf(unit.code),
        unit.validFrom,
        unit.validTo,
        unit.replacedBy,
        now,
        now,
      ]
        .map(sqlString)
        .join(", ")}) ON CONFLICT (code) DO NOTHING;`,
    );
  }
  const vars = readDevVars();
  const admin = { email: vars.ADMIN_EMAIL ?? "admin@demo.doithoai.vn", password: vars.ADMIN_PASSWORD ?? DEMO_PASSWORD };
  const accounts = [
    { email: admin.email.toLowerCase(), name: "Quản trị hệ thống (minh họa)", role: "admin", unit: null, password: admin.password },
    ...demoAccounts.map((account) => ({ ...account, password: DEMO_PASSWORD })),
  ];
  for (const account of accounts) {
    statements.push(
      `INSERT INTO accounts (id, email, name, role, unit_code, password_hash, created_at, updated_at) VALUES (${[
        crypto.randomUUID(),
        account.email,
        account.name,
        account.role,
        account.unit,
        hashPassword(account.password),
        now,
        now,
      ]
        .map(sqlString)
        .join(", ")}) ON CONFLICT (email) DO NOTHING;`,
    );
  }
  return statements.join("\n");
}

export function seed(persistTo) {
  const file = join(mkdtempSync(join(tmpdir(), "seed-")), "seed.sql");
  writeFileSync(file, seedSql());
  executeLocalSql(file, persistTo);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const index = process.argv.indexOf("--persist-to");
  const persistTo = index > 0 ? process.argv[index + 1] : undefined;
  applyLocalMigrations(persistTo);
  seed(persistTo);
  console.log("Demo data seeded (idempotent).");
}
