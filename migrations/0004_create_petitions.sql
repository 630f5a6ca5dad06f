-- Petition categories (routing and reporting). Administrators add more.
CREATE TABLE categories (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO categories (code, name, description) VALUES
  ('dat-dai', 'Đất đai, xây dựng', 'Giao đất, cấp giấy chứng nhận, tranh chấp, xây dựng trái phép'),
  ('ha-tang', 'Giao thông, hạ tầng', 'Đường, cầu, cống, thoát nước, ngập úng, chiếu sáng'),
  ('moi-truong', 'Môi trường', 'Rác thải, ô nhiễm, tiếng ồn, nước sạch'),
  ('an-ninh', 'An ninh, trật tự', 'Trật tự công cộng, an toàn giao thông'),
  ('chinh-sach', 'Chính sách xã hội', 'Bảo trợ xã hội, người có công, bảo hiểm, hộ nghèo'),
  ('hanh-chinh', 'Thủ tục hành chính', 'Giấy tờ, chứng thực, thái độ cán bộ'),
  ('khac', 'Khác', NULL);

-- Legal time limits per province ('*' is the national default) and rule. Administrators edit them.
CREATE TABLE time_limits (
  province_code TEXT NOT NULL,
  rule TEXT NOT NULL CHECK (rule IN ('acknowledge', 'complaint', 'complaint_complex', 'complaint_remote', 'complaint_remote_complex',
    'denunciation', 'denunciation_extension', 'recommendation', 'feedback', 'mixed')),
  days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 365),
  day_kind TEXT NOT NULL CHECK (day_kind IN ('working', 'calendar')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (province_code, rule)
);
INSERT INTO time_limits (province_code, rule, days, day_kind) VALUES
  ('*', 'acknowledge', 10, 'working'),                -- Quy định 11; Thông tư 05/2021/TT-TTCP
  ('*', 'complaint', 30, 'calendar'),                 -- Luật Khiếu nại 2011, art. 28
  ('*', 'complaint_complex', 45, 'calendar'),
  ('*', 'complaint_remote', 45, 'calendar'),
  ('*', 'complaint_remote_complex', 60, 'calendar'),
  ('*', 'denunciation', 30, 'calendar'),              -- Luật Tố cáo 2018, art. 30
  ('*', 'denunciation_extension', 30, 'calendar'),    -- each extension at most this long, at most two
  ('*', 'recommendation', 15, 'working'),             -- no statutory period: configurable default
  ('*', 'feedback', 15, 'working'),
  ('*', 'mixed', 15, 'working');

CREATE TABLE petitions (
  id TEXT PRIMARY KEY,
  tracking_code TEXT NOT NULL UNIQUE,
  unit_code TEXT NOT NULL REFERENCES units (code),        -- the handling unit: changes on transfer
  province_code TEXT NOT NULL,                            -- of the handling unit: a supervisor's scope
  received_unit_code TEXT NOT NULL REFERENCES units (code),
  category TEXT NOT NULL REFERENCES categories (code),
  kind TEXT CHECK (kind IN ('complaint', 'denunciation', 'recommendation', 'feedback', 'mixed')),
  complex INTEGER NOT NULL DEFAULT 0,
  remote_area INTEGER NOT NULL DEFAULT 0,
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  search_folded TEXT NOT NULL,                            -- title + content without diacritics, for "duong ngap"
  channel TEXT NOT NULL CHECK (channel IN ('online', 'walk_in', 'letter')),
  anonymous INTEGER NOT NULL DEFAULT 0,
  people_count INTEGER NOT NULL DEFAULT 1,
  previously_handled_by TEXT,
  status TEXT NOT NULL CHECK (status IN ('received', 'accepted', 'returned', 'transferred', 'filed', 'duplicate',
    'in_progress', 'answered', 'resolved', 'reopened')),
  assigned_to TEXT REFERENCES accounts (id),
  duplicate_of TEXT REFERENCES petitions (id),
  submitted_at TEXT NOT NULL,
  acknowledge_by TEXT NOT NULL,                           -- local day
  accepted_at TEXT,
  resolve_by TEXT,                                        -- local day, set on acceptance
  extensions INTEGER NOT NULL DEFAULT 0,
  due_on TEXT NOT NULL,                                   -- the deadline that applies now; '9999-12-31' when none
  overdue_marked_for TEXT,                                -- the due_on the cron job last recorded as missed
  draft_answer TEXT,
  public_answer TEXT,
  public_note TEXT,                                       -- guidance on return, reason shown to the resident
  answered_at TEXT,
  closed_at TEXT,
  feedback_satisfied INTEGER,
  feedback_comment TEXT,
  created_by TEXT REFERENCES accounts (id),               -- staff who recorded a walk-in or letter
  version INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);
-- The inbox: scope (unit or province) first, then the filter, ordered by deadline with id as tiebreaker.
CREATE INDEX petitions_by_unit_due ON petitions (unit_code, due_on, id);
CREATE INDEX petitions_by_unit_status_due ON petitions (unit_code, status, due_on, id);
CREATE INDEX petitions_by_unit_kind_due ON petitions (unit_code, kind, due_on, id);
CREATE INDEX petitions_by_unit_category_due ON petitions (unit_code, category, due_on, id);
CREATE INDEX petitions_by_province_due ON petitions (province_code, due_on, id);
CREATE INDEX petitions_by_province_status_due ON petitions (province_code, status, due_on, id);
-- The cron sweep: open petitions whose deadline has passed.
CREATE INDEX petitions_by_due ON petitions (due_on) WHERE status IN ('received', 'transferred', 'accepted', 'in_progress', 'reopened');

-- Personal data lives apart, read only where the caller may see it (and each read is logged).
CREATE TABLE petition_submitters (
  petition_id TEXT PRIMARY KEY REFERENCES petitions (id),
  name TEXT,
  phone TEXT,
  email TEXT,
  address TEXT,
  citizen_id TEXT
);

-- Append-only history: who, when, action, from-state, to-state, note; `public` rows show on the tracking page.
CREATE TABLE petition_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  petition_id TEXT NOT NULL REFERENCES petitions (id),
  at TEXT NOT NULL,
  actor_id TEXT,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('resident', 'official', 'system')),
  action TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT NOT NULL,
  note TEXT,
  public INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX petition_events_by_petition ON petition_events (petition_id, id);
CREATE TRIGGER petition_events_no_update BEFORE UPDATE ON petition_events BEGIN SELECT RAISE(ABORT, 'petition_events is append-only'); END;
CREATE TRIGGER petition_events_no_delete BEFORE DELETE ON petition_events BEGIN SELECT RAISE(ABORT, 'petition_events is append-only'); END;

-- Idempotency keys of submissions: the unique key makes a retried or doubled request create one petition.
CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY,
  body_hash TEXT NOT NULL,
  petition_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Photos: bytes in KV (key below), facts here.
CREATE TABLE petition_attachments (
  id TEXT PRIMARY KEY,
  petition_id TEXT NOT NULL REFERENCES petitions (id),
  kv_key TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  uploaded_by TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX petition_attachments_by_petition ON petition_attachments (petition_id, created_at);
