import { env } from "cloudflare:test";

/**
 * Petitions written straight into D1 for export tests: the exports read the petitions table as it is, whatever
 * wrote it, and a few thousand rows are needed to cross page boundaries.
 */
export type FixturePetition = {
  id?: string;
  unit: string;
  province: string;
  submittedAt: string;
  kind?: string | null;
  status?: string;
  title?: string;
  content?: string;
  assignedTo?: string | null;
  submitter?: { name: string; phone?: string; email?: string; address?: string; citizenId?: string } | null;
  dueOn?: string;
};

let sequence = 0;

export async function insertPetition(petition: FixturePetition): Promise<string> {
  sequence++;
  const id = petition.id ?? crypto.randomUUID();
  const statements = [
    env.DB.prepare(
      `INSERT INTO petitions (id, tracking_code, unit_code, province_code, received_unit_code, category, kind, title, content, search_folded,
         channel, anonymous, people_count, status, assigned_to, submitted_at, acknowledge_by, resolve_by, due_on, version, updated_at,
         received_on, ack_from, ack_days, ack_day_kind)
       VALUES (?1, ?2, ?3, ?4, ?5, 'ha-tang', ?6, ?7, ?8, '', 'walk_in', ?9, 2, ?10, ?11, ?12, '2026-03-16', NULL, ?13, 1, ?14,
         date(?12, '+7 hours'), date(?12, '+7 hours'), 10, 'working')`,
    ).bind(
      id,
      `FX${String(sequence).padStart(4, "0")}${id.slice(0, 6).toUpperCase()}`,
      petition.unit,
      petition.province,
      petition.unit,
      petition.kind === undefined ? "recommendation" : petition.kind,
      petition.title ?? "Đường ngập sau mưa",
      petition.content ?? "Đoạn đường liên thôn ngập sâu.",
      petition.submitter ? 0 : 1,
      petition.status ?? "received",
      petition.assignedTo ?? null,
      petition.submittedAt,
      petition.dueOn ?? "2026-03-16",
      petition.submittedAt,
    ),
  ];
  if (petition.submitter) {
    const { name, phone = null, email = null, address = null, citizenId = null } = petition.submitter;
    statements.push(
      env.DB.prepare("INSERT INTO petition_submitters (petition_id, name, phone, email, address, citizen_id) VALUES (?, ?, ?, ?, ?, ?)").bind(
        id,
        name,
        phone,
        email,
        address,
        citizenId,
      ),
    );
  }
  await env.DB.batch(statements);
  return id;
}

/** `count` petitions of one unit, one a minute from `start` (ISO), with submitters; ids sort as they were made. */
export async function insertManyPetitions(unit: string, province: string, count: number, start: string, prefix: string): Promise<void> {
  const startMs = Date.parse(start);
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO petitions (id, tracking_code, unit_code, province_code, received_unit_code, category, kind, title, content, search_folded,
         channel, anonymous, people_count, status, submitted_at, acknowledge_by, due_on, version, updated_at, received_on, ack_from, ack_days, ack_day_kind)
       WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?3)
       SELECT ?4 || printf('%06d', n), ?4 || printf('%06d', n), ?1, ?2, ?1, 'moi-truong', 'feedback', 'Rác thải chưa thu gom số ' || n,
         'Nội dung phản ánh số ' || n, '', 'online', 0, 1, 'received',
         strftime('%Y-%m-%dT%H:%M:%fZ', ?5 / 1000.0 + (n / 2) * 60, 'unixepoch'), '2026-02-01', '2026-02-01', 1, '2026-01-01T00:00:00.000Z',
         '2026-01-20', '2026-01-20', 10, 'working'
       FROM seq`,
    ).bind(unit, province, count, prefix, startMs),
    env.DB.prepare(
      `INSERT INTO petition_submitters (petition_id, name, phone) SELECT id, 'Người dân ' || substr(id, -6), '0912345678' FROM petitions WHERE id LIKE ?1 || '%'`,
    ).bind(prefix),
  ]);
}
