// The pending migrations (0010–0014 of the law, and those main added after 0030) on a copy of a 100,000-petition
// database as the applied migrations (0001–0004, 0030) left it — the rows `npm run generate` makes, plus history,
// submitters, photos, a province's own time limits: every row intact (counts, a column-by-column spot check of
// petitions of each status and kind, the new columns derived as the migration says) and no foreign key broken.
// `npm run test:migrations` (part of `npm test`): Miniflare's D1 in Node, no dev server needed.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { Miniflare } from "miniflare";
import { petitionChunks } from "../../scripts/lib/petition-rows.mjs";
import { seedSql } from "../../scripts/seed.mjs";

const COUNT = Number(process.env.UPGRADE_PETITIONS ?? 100_000);
const root = mkdtempSync(join(tmpdir(), "upgrade-"));
/** What the databases in use had applied before this work (the brief): everything else is pending, in name order. */
const applied = (migration) => /^000[1-4]_|^0030_/.test(migration.name);

/** Every Miniflare opened, disposed after the tests even when a step fails (else the process would wait on it). */
const opened = new Set();
function open(dir) {
  const miniflare = new Miniflare({
    modules: true,
    script: "export default { fetch() { return new Response('') } }",
    d1Databases: { DB: "upgrade" },
    d1Persist: dir,
  });
  opened.add(miniflare);
  return miniflare;
}
async function close(miniflare) {
  opened.delete(miniflare);
  await miniflare.dispose();
}

async function apply(db, migrations) {
  for (const migration of migrations) await db.batch(migration.queries.map((query) => db.prepare(query)));
}

const SPOT = [1, 2, 3, 4, 5, 6, 7, 50_000, 99_999, COUNT].map((n) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`);
const CARRIED = `id, tracking_code, unit_code, province_code, received_unit_code, category, title, content, search_folded, channel, anonymous,
  people_count, status, assigned_to, duplicate_of, submitted_at, acknowledge_by, accepted_at, resolve_by, extensions, due_on, overdue_marked_for,
  draft_answer, public_answer, public_note, answered_at, closed_at, feedback_satisfied, feedback_comment, created_by, version, updated_at`;
const TABLES = ["petitions", "petition_events", "petition_submitters", "petition_attachments", "idempotency_keys", "outbox", "units", "accounts", "holidays"];

const before_ = {};
const after_ = {};
const timings = {};

before(async () => {
  const migrations = await readD1Migrations(join(import.meta.dirname, "..", "..", "migrations"));
  // 1. The database as the applied migrations left it, with 100,000 petitions.
  const old = open(join(root, "old"));
  const db = await old.getD1Database("DB");
  await apply(db, migrations.filter(applied));
  await db.batch(
    seedSql()
      .split("\n")
      // The demo units and accounts (the rows refer to them); later tables (villages, sessions) come with the pending migrations.
      .filter((statement) => /^INSERT INTO (units|accounts) /.test(statement))
      .map((statement) => db.prepare(statement)),
  );
  let started = Date.now();
  for (const chunk of petitionChunks(COUNT, { withDeadlineParameters: false })) await db.prepare(chunk).run();
  timings.generate = Date.now() - started;
  const [first, second, third] = SPOT;
  const now = "2026-03-02T03:00:00.000Z";
  await db.batch([
    // A denunciation once classified as such, now feedback: its identity must stay protected.
    db.prepare("UPDATE petitions SET kind = 'feedback' WHERE id = ?").bind(first),
    db
      .prepare(
        "INSERT INTO petition_events (petition_id, at, actor_kind, action, from_status, to_status, note, public) VALUES (?, ?, 'official', 'classify', 'received', 'received', 'denunciation', 0)",
      )
      .bind(first, now),
    // An accepted, complex denunciation extended by 20 days, with a submitter and a photo.
    db
      .prepare(
        "UPDATE petitions SET kind = 'denunciation', complex = 1, accepted_at = ?, resolve_by = '2026-05-21', due_on = '2026-05-21', status = 'accepted', extensions = 1 WHERE id = ?",
      )
      .bind(now, second),
    db
      .prepare(
        "INSERT INTO petition_events (petition_id, at, actor_kind, action, from_status, to_status, note, public) VALUES (?, ?, 'official', 'extend', 'accepted', 'accepted', 'Gia hạn 20 ngày: Vụ việc phức tạp', 1)",
      )
      .bind(second, now),
    db.prepare("INSERT INTO petition_submitters (petition_id, name, phone) VALUES (?, 'Nguyễn Văn A', '0912345678')").bind(second),
    db
      .prepare("INSERT INTO petition_attachments (id, petition_id, kv_key, content_type, size, created_at) VALUES ('a1', ?, 'photo:x', 'image/png', 10, ?)")
      .bind(second, now),
    // A petition transferred on 5/3/2026 (its acknowledgement counts from then), labelled mixed by the resident.
    db.prepare("UPDATE petitions SET kind = 'mixed', status = 'transferred' WHERE id = ?").bind(third),
    db
      .prepare(
        "INSERT INTO petition_events (petition_id, at, actor_kind, action, from_status, to_status, note, public) VALUES (?, '2026-03-05T02:00:00.000Z', 'official', 'transfer', 'received', 'transferred', 'x', 1)",
      )
      .bind(third),
    // A province's own limit, and an idempotency key and a message pointing at petitions.
    db.prepare(
      "INSERT INTO time_limits (province_code, rule, days, day_kind, updated_at) VALUES ('DEMO-HY', 'complaint', 40, 'calendar', '2026-02-01T01:00:00.000Z')",
    ),
    db.prepare("INSERT INTO idempotency_keys (key, body_hash, petition_id, created_at) VALUES ('k-1', 'h', ?, ?)").bind(first, now),
  ]);
  for (const table of TABLES) before_[table] = (await db.prepare(`SELECT count(*) AS n FROM ${table}`).first()).n;
  before_.spot = (
    await db
      .prepare(`SELECT ${CARRIED}, kind, complex FROM petitions WHERE id IN (${SPOT.map(() => "?").join(", ")}) ORDER BY id`)
      .bind(...SPOT)
      .all()
  ).results;
  await close(old);

  // 2. A copy of it, upgraded by our migrations.
  cpSync(join(root, "old"), join(root, "copy"), { recursive: true });
  const copy = open(join(root, "copy"));
  const upgraded = await copy.getD1Database("DB");
  started = Date.now();
  await apply(
    upgraded,
    migrations.filter((migration) => !applied(migration)),
  );
  timings.migrate = Date.now() - started;
  for (const table of TABLES) after_[table] = (await upgraded.prepare(`SELECT count(*) AS n FROM ${table}`).first()).n;
  after_.spot = (
    await upgraded
      .prepare(
        `SELECT ${CARRIED}, kind, resident_kind, complexity, identity_protected, received_on, ack_from, ack_days, ack_day_kind, resolve_from, resolve_days,
           resolve_day_kind, transfers FROM petitions WHERE id IN (${SPOT.map(() => "?").join(", ")}) ORDER BY id`,
      )
      .bind(...SPOT)
      .all()
  ).results;
  after_.foreignKeys = (await upgraded.prepare("SELECT * FROM pragma_foreign_key_check").all()).results;
  after_.indexes = (
    await upgraded.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'petitions' AND name NOT LIKE 'sqlite_%' ORDER BY name").all()
  ).results.map((row) => row.name);
  after_.plan = (
    await upgraded.prepare("EXPLAIN QUERY PLAN SELECT id FROM petitions WHERE unit_code = ? ORDER BY due_on, id LIMIT 51").bind("DEMO-HY-AK").all()
  ).results
    .map((row) => row.detail)
    .join(" ");
  after_.limits = (await upgraded.prepare("SELECT province_code, rule, effective_from, days FROM time_limits WHERE province_code = 'DEMO-HY'").all()).results;
  after_.checks = (
    await upgraded
      .prepare(
        "SELECT count(*) AS n FROM sqlite_master WHERE name IN ('petitions', 'time_limits') AND sql LIKE '%CHECK (status%' OR sql LIKE '%CHECK (rule%' OR sql LIKE '%CHECK (kind%'",
      )
      .first()
  ).n;
  await close(copy);
  console.log(`# ${COUNT} petitions generated in ${timings.generate} ms; the pending migrations applied in ${timings.migrate} ms`);
});

after(async () => {
  for (const miniflare of opened) await miniflare.dispose().catch(() => {});
  rmSync(root, { recursive: true, force: true });
});

test("every row of every table survives, and no foreign key is broken", () => {
  assert.equal(before_.petitions, COUNT);
  for (const table of TABLES.filter((name) => name !== "holidays")) assert.equal(after_[table], before_[table], table);
  // 0011 adds 2025-04-26, 2026-01-02, 2026-01-10, 2028-05-02 and 2030-02-01, and drops 2030-02-08.
  assert.equal(after_.holidays, before_.holidays + 4);
  assert.deepEqual(after_.foreignKeys, []);
});

test("each spot-checked petition keeps every column it had, and gets the new ones the migration derives", () => {
  assert.equal(after_.spot.length, SPOT.length);
  for (const [index, old] of before_.spot.entries()) {
    const row = after_.spot[index];
    const { kind, complex, ...carried } = old;
    for (const [column, value] of Object.entries(carried)) assert.deepEqual(row[column], value, `${old.id}.${column}`);
    assert.equal(row.resident_kind, kind, `${old.id}.resident_kind`);
    assert.equal(row.kind, kind === "mixed" ? null : kind, `${old.id}.kind`);
    assert.equal(row.complexity, complex === 1 ? "complex" : "normal");
    assert.equal(row.received_on, new Date(Date.parse(old.submitted_at) + 7 * 3_600_000).toISOString().slice(0, 10));
  }
  const [, second, third] = after_.spot;
  assert.deepEqual([second.identity_protected, second.resolve_from, second.resolve_days, second.resolve_day_kind], [1, "2026-03-02", 50, "calendar"]);
  assert.deepEqual(
    [third.kind, third.resident_kind, third.transfers, third.ack_from, third.ack_days, third.ack_day_kind],
    [null, "mixed", 1, "2026-03-05", 10, "working"],
  );
});

test("the indexes are rebuilt (the inbox still reads one in order), the lists are no longer CHECKs, a province's limit carries over", () => {
  for (const index of [
    "petitions_by_unit_due",
    "petitions_by_unit_status_due",
    "petitions_by_province_due",
    "petitions_by_due",
    "petitions_by_split_from",
    "petitions_by_unit_submitted",
  ]) {
    assert.ok(after_.indexes.includes(index), index);
  }
  assert.match(after_.plan, /USING (COVERING )?INDEX petitions_by_unit_due/);
  assert.doesNotMatch(after_.plan, /TEMP B-TREE/);
  assert.equal(after_.checks, 0);
  assert.deepEqual(after_.limits, [{ province_code: "DEMO-HY", rule: "complaint", effective_from: "2026-02-01", days: 40 }]);
});
