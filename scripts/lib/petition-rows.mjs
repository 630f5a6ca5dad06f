// The synthetic petitions of `npm run generate` (and the 100k upgrade test), as SQL: one INSERT … SELECT over a
// recursive sequence per chunk. Rows have fixed ids (idempotent) and reference the demo units and categories.
// `withDeadlineParameters`: the schema after migration 0013, whose deadlines carry their parameters.

/** Local D1 slows down superlinearly with one huge statement (16k rows: 14 s, 32k: 64 s); 5,000-row chunks stay linear. */
export const CHUNK = 5_000;

const unitOf = (n) =>
  `CASE WHEN ${n} % 10 < 6 THEN 'DEMO-HY-AK' WHEN ${n} % 10 < 8 THEN 'DEMO-HY-AT' WHEN ${n} % 10 = 8 THEN 'DEMO-HY-TD' ELSE 'DEMO-HY-DT' END`;

export function petitionRowsSql(from, to, { withDeadlineParameters = true } = {}) {
  const extraColumns = withDeadlineParameters ? ", received_on, ack_from, ack_days, ack_day_kind" : "";
  const extraValues = withDeadlineParameters
    ? `, date('2026-01-01', '+' || (n % 300) || ' days'), date('2026-01-01', '+' || (n % 300) || ' days'), 10, 'working'`
    : "";
  return `INSERT INTO petitions (id, tracking_code, unit_code, province_code, received_unit_code, category, kind, title, content, search_folded,
      channel, anonymous, people_count, status, submitted_at, acknowledge_by, resolve_by, due_on, version, updated_at${extraColumns})
    WITH RECURSIVE seq(n) AS (SELECT ${from} UNION ALL SELECT n + 1 FROM seq WHERE n < ${to})
    SELECT printf('00000000-0000-4000-8000-%012d', n),
      printf('GEN%09d', n),
      ${unitOf("n")},
      'DEMO-HY',
      ${unitOf("n")},
      CASE n % 7 WHEN 0 THEN 'dat-dai' WHEN 1 THEN 'ha-tang' WHEN 2 THEN 'moi-truong' WHEN 3 THEN 'an-ninh' WHEN 4 THEN 'chinh-sach' WHEN 5 THEN 'hanh-chinh' ELSE 'khac' END,
      CASE n % 5 WHEN 0 THEN 'complaint' WHEN 1 THEN 'denunciation' WHEN 2 THEN 'recommendation' WHEN 3 THEN 'feedback' ELSE NULL END,
      CASE n % 4 WHEN 0 THEN 'Đường ngập sau mưa số ' || n WHEN 1 THEN 'Rác thải chưa thu gom ' || n WHEN 2 THEN 'Đèn đường hỏng ' || n ELSE 'Tranh chấp đất đai ' || n END,
      'Nội dung kiến nghị tổng hợp số ' || n || ': người dân đề nghị UBND xã xem xét giải quyết.',
      CASE n % 4 WHEN 0 THEN 'duong ngap sau mua so ' || n WHEN 1 THEN 'rac thai chua thu gom ' || n WHEN 2 THEN 'den duong hong ' || n ELSE 'tranh chap dat dai ' || n END
        || ' noi dung kien nghi tong hop so ' || n,
      CASE WHEN n % 9 = 0 THEN 'walk_in' ELSE 'online' END, 0, 1,
      CASE n % 6 WHEN 0 THEN 'received' WHEN 1 THEN 'accepted' WHEN 2 THEN 'in_progress' WHEN 3 THEN 'answered' WHEN 4 THEN 'resolved' ELSE 'received' END,
      strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || (n % 300) || ' days'),
      date('2026-01-15', '+' || (n % 300) || ' days'),
      NULL,
      CASE WHEN n % 6 IN (3, 4) THEN '9999-12-31' ELSE date('2026-01-15', '+' || (n % 330) || ' days') END,
      1,
      strftime('%Y-%m-%dT%H:%M:%fZ', 'now')${extraValues}
    FROM seq WHERE true
    ON CONFLICT (id) DO NOTHING;`;
}

/** The chunks of `count` rows. */
export function petitionChunks(count, options) {
  const statements = [];
  for (let from = 1; from <= count; from += CHUNK) statements.push(petitionRowsSql(from, Math.min(count, from + CHUNK - 1), options));
  return statements;
}
