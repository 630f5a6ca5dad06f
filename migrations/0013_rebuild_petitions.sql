-- Petitions rebuilt (SQLite's create-copy-drop-rename) without CHECK lists: kinds, statuses and channels are listed
-- in code (petitions/schema.ts), so new states (`split`, `escalated`) need no migration. New facts the law needs:
-- the resident's own label apart from the classification, complexity in three grades, verification, parts of a
-- split letter, transfers (count, outside body, letter number), and each running deadline's parameters (from which
-- day, how many days, which kind), so that a calendar change can recompute it in one UPDATE. Every row is copied;
-- the parameters of existing deadlines are those of the rules in force when they were set. (Sticky identity
-- protection is 0062's column, added after this in a fresh database; 0050's indexes likewise.)
PRAGMA defer_foreign_keys = on;

CREATE TABLE petitions_new (
  id TEXT PRIMARY KEY,
  tracking_code TEXT NOT NULL UNIQUE,
  unit_code TEXT NOT NULL REFERENCES units (code),        -- the handling unit: changes on transfer
  province_code TEXT NOT NULL,                            -- of the handling unit: a supervisor's scope
  received_unit_code TEXT NOT NULL REFERENCES units (code),
  category TEXT NOT NULL REFERENCES categories (code),
  resident_kind TEXT,                                     -- the resident's own label at submission (may be 'mixed')
  kind TEXT,                                              -- the classification by content; NULL until known
  complexity TEXT NOT NULL DEFAULT 'normal',
  remote_area INTEGER NOT NULL DEFAULT 0,
  needs_verification INTEGER NOT NULL DEFAULT 0,          -- a denunciation that must be verified: 10 working days
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  search_folded TEXT NOT NULL,                            -- title + content without diacritics, for "duong ngap"
  channel TEXT NOT NULL,
  anonymous INTEGER NOT NULL DEFAULT 0,
  people_count INTEGER NOT NULL DEFAULT 1,
  previously_handled_by TEXT,
  status TEXT NOT NULL,
  assigned_to TEXT REFERENCES accounts (id),
  duplicate_of TEXT REFERENCES petitions (id),
  split_from TEXT REFERENCES petitions (id),              -- a part of a split letter: the original
  transfers INTEGER NOT NULL DEFAULT 0,                   -- a denunciation is transferred only once
  to_body TEXT,                                           -- transferred to a body outside the system: finished here
  letter_number TEXT,                                     -- the guidance or transfer letter's number (reception book)
  submitted_at TEXT NOT NULL,
  received_on TEXT NOT NULL,                              -- local day of receipt: the day whose rules apply
  acknowledge_by TEXT NOT NULL,                           -- local day
  ack_from TEXT NOT NULL,                                 -- the acknowledgement period counts from the day after
  ack_days INTEGER NOT NULL,
  ack_day_kind TEXT NOT NULL,                             -- working | calendar
  accepted_at TEXT,
  resolve_by TEXT,                                        -- local day, set on acceptance
  resolve_from TEXT,
  resolve_days INTEGER,                                   -- the period plus any extensions
  resolve_day_kind TEXT,
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

INSERT INTO petitions_new (id, tracking_code, unit_code, province_code, received_unit_code, category, resident_kind, kind, complexity,
  remote_area, needs_verification, title, content, search_folded, channel, anonymous, people_count,
  previously_handled_by, status, assigned_to, duplicate_of, split_from, transfers, to_body, letter_number, submitted_at, received_on,
  acknowledge_by, ack_from, ack_days, ack_day_kind, accepted_at, resolve_by, resolve_from, resolve_days, resolve_day_kind, extensions,
  due_on, overdue_marked_for, draft_answer, public_answer, public_note, answered_at, closed_at, feedback_satisfied, feedback_comment,
  created_by, version, updated_at)
WITH facts AS (
  SELECT p.*,
    date(p.submitted_at, '+7 hours') AS received_day,
    (SELECT date(max(e.at), '+7 hours') FROM petition_events e WHERE e.petition_id = p.id AND e.action = 'transfer') AS transferred_day,
    (SELECT max(e.at) FROM petition_events e WHERE e.petition_id = p.id AND e.action = 'reopen') AS reopened_at,
    (SELECT count(*) FROM petition_events e WHERE e.petition_id = p.id AND e.action = 'transfer') AS transfer_count,
    -- 0004's resolution rule of the petition: by kind, complaints also by complexity and remoteness.
    CASE WHEN p.kind = 'complaint' THEN
        CASE WHEN p.remote_area = 1 THEN CASE WHEN p.complex = 1 THEN 'complaint_remote_complex' ELSE 'complaint_remote' END
             ELSE CASE WHEN p.complex = 1 THEN 'complaint_complex' ELSE 'complaint' END END
      ELSE coalesce(p.kind, 'feedback') END AS resolution_rule
  FROM petitions p
)
SELECT f.id, f.tracking_code, f.unit_code, f.province_code, f.received_unit_code, f.category, f.kind,
  CASE WHEN f.kind = 'mixed' THEN NULL ELSE f.kind END,
  CASE WHEN f.complex = 1 THEN 'complex' ELSE 'normal' END,
  f.remote_area, 0, f.title, f.content, f.search_folded, f.channel, f.anonymous, f.people_count, f.previously_handled_by, f.status, f.assigned_to, f.duplicate_of, NULL, f.transfer_count, NULL, NULL,
  f.submitted_at, f.received_day,
  f.acknowledge_by,
  coalesce(f.transferred_day, f.received_day),
  coalesce((SELECT t.days FROM time_limits t WHERE t.rule = 'acknowledge' AND t.province_code IN ('*', f.province_code)
            ORDER BY t.province_code = '*' LIMIT 1), 10),
  coalesce((SELECT t.day_kind FROM time_limits t WHERE t.rule = 'acknowledge' AND t.province_code IN ('*', f.province_code)
            ORDER BY t.province_code = '*' LIMIT 1), 'working'),
  f.accepted_at, f.resolve_by,
  CASE WHEN f.accepted_at IS NULL THEN NULL ELSE coalesce(date(f.reopened_at, '+7 hours'), date(f.accepted_at, '+7 hours')) END,
  CASE WHEN f.accepted_at IS NULL THEN NULL ELSE
    coalesce((SELECT t.days FROM time_limits t WHERE t.rule = f.resolution_rule AND t.province_code IN ('*', f.province_code)
              ORDER BY t.province_code = '*' LIMIT 1), 15)
    -- 0004 wrote each extension as 'Gia hạn N ngày: reason'; those since the last reopening lengthen the period.
    + (SELECT coalesce(sum(CAST(substr(e.note, 9) AS INTEGER)), 0) FROM petition_events e
       WHERE e.petition_id = f.id AND e.action = 'extend' AND e.at > coalesce(f.reopened_at, '')) END,
  CASE WHEN f.accepted_at IS NULL THEN NULL ELSE
    coalesce((SELECT t.day_kind FROM time_limits t WHERE t.rule = f.resolution_rule AND t.province_code IN ('*', f.province_code)
              ORDER BY t.province_code = '*' LIMIT 1), 'working') END,
  f.extensions, f.due_on, f.overdue_marked_for, f.draft_answer, f.public_answer, f.public_note, f.answered_at, f.closed_at,
  f.feedback_satisfied, f.feedback_comment, f.created_by, f.version, f.updated_at
FROM facts f;

-- Dropping the old table deletes its rows first, and each deleted row is looked up in every table that references
-- petitions: index the references that had none (the old duplicate_of; the new table's duplicate_of and split_from),
-- or the drop scans the whole table once per row.
CREATE INDEX petitions_old_by_duplicate_of ON petitions (duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX petitions_by_duplicate_of ON petitions_new (duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX petitions_by_split_from ON petitions_new (split_from) WHERE split_from IS NOT NULL;
DROP TABLE petitions;
ALTER TABLE petitions_new RENAME TO petitions;
-- The drop counted every history entry, submitter and photo as pointing at a deleted row; they point at the new
-- table by its name now. Turning the pragma off clears that count, as D1's recipe for rebuilding a table does
-- (the upgrade test runs PRAGMA foreign_key_check afterwards: nothing is broken).
PRAGMA defer_foreign_keys = off;

-- The inbox: scope (unit or province) first, then the filter, ordered by deadline with id as tiebreaker.
CREATE INDEX petitions_by_unit_due ON petitions (unit_code, due_on, id);
CREATE INDEX petitions_by_unit_status_due ON petitions (unit_code, status, due_on, id);
CREATE INDEX petitions_by_unit_kind_due ON petitions (unit_code, kind, due_on, id);
CREATE INDEX petitions_by_unit_category_due ON petitions (unit_code, category, due_on, id);
CREATE INDEX petitions_by_province_due ON petitions (province_code, due_on, id);
CREATE INDEX petitions_by_province_status_due ON petitions (province_code, status, due_on, id);
-- The cron sweep and the deadline recomputation: open petitions by deadline (the list is OPEN_STATUSES in code).
CREATE INDEX petitions_by_due ON petitions (due_on) WHERE status IN ('received', 'transferred', 'accepted', 'in_progress', 'reopened');
-- (petitions_by_split_from, created above, lists the parts of a split letter on the original's pages.)
