// Seeds the local database with demo data. Idempotent: every insert is ON CONFLICT DO NOTHING,
// so running it twice changes nothing. Usage: npm run seed [-- --persist-to DIR]
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_PASSWORD, demoAccounts, demoSession, demoUnits, demoVillages } from "./demo-data.mjs";
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
  statements.push(...sessionSeedSql(now));
  return statements.join("\n");
}

/** Villages and one announced session of An Khê, so `npm start` shows a calendar, a public page and a notice. */
function sessionSeedSql(now) {
  const values = (list) => list.map(sqlString).join(", ");
  const statements = demoVillages.map(
    (village) =>
      `INSERT INTO villages (id, unit_code, name, name_folded, head_name, head_phone, created_at, updated_at) VALUES (${values([
        village.id,
        village.unit,
        village.name,
        fold(village.name),
        village.headName,
        village.headPhone,
        now,
        now,
      ])}) ON CONFLICT DO NOTHING;`,
  );
  const session = demoSession;
  // 08:00–11:00 in Hà Nội (UTC+7), `daysAhead` days after the first seeding.
  const day = new Date(Date.now() + session.daysAhead * 86_400_000).toISOString().slice(0, 10);
  const startsAt = `${day}T01:00:00.000Z`;
  const endsAt = `${day}T04:00:00.000Z`;
  const chair = `(SELECT id FROM accounts WHERE email = ${sqlString(session.chairEmail)})`;
  statements.push(
    `INSERT INTO dialogue_sessions (id, unit_code, province_code, title, agenda, starts_at, ends_at, venue_name, venue_address, venue_folded, chair_account_id,
       mode, co_chair_name, co_chair_title, co_organiser, status, listed, published_at, write_token, created_by, created_at, updated_at)
     SELECT ${values([session.id, session.unit, session.province, session.title, session.agenda, startsAt, endsAt, session.venue, session.venueAddress, fold(session.venue)])},
       ${chair}, 'in_person', ${values([session.coChair.name, session.coChair.title, session.coOrganiser])}, 'published', 1, ${values([now, crypto.randomUUID()])},
       ${chair}, ${values([now, now])}
     WHERE NOT EXISTS (SELECT 1 FROM dialogue_sessions WHERE id = ${sqlString(session.id)});`,
    `INSERT INTO session_places (id, session_id, is_bridge, name, address, capacity, position) VALUES
       (${values([session.id, session.id, 0, null, null, session.capacity, 0])}),
       (${values([session.bridgePointId, session.id, 1, session.bridgePoint.name, session.bridgePoint.address, session.bridgePoint.capacity, 1])})
     ON CONFLICT DO NOTHING;`,
    ...demoVillages.map(
      (village) => `INSERT INTO session_villages (session_id, village_id) VALUES (${values([session.id, village.id])}) ON CONFLICT DO NOTHING;`,
    ),
  );
  return statements;
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
