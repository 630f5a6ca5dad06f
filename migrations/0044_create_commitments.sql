-- What the commune promised at a session, one per opinion that was not answered on the spot, and how far each got.
-- Statuses open | in_progress | done (list in code); lateness is a flag the daily job sets once.
CREATE TABLE commitments (
  id TEXT PRIMARY KEY,
  unit_code TEXT NOT NULL REFERENCES units (code),
  province_code TEXT NOT NULL,
  session_id TEXT NOT NULL REFERENCES dialogue_sessions (id),
  item_id TEXT NOT NULL UNIQUE REFERENCES minutes_items (id),
  owner_account_id TEXT REFERENCES accounts (id), -- an official of the unit …
  owner_name TEXT,                                -- … or a body as typed ("UBND xã", "Ban quản lý dự án")
  description TEXT NOT NULL,
  due_on TEXT NOT NULL,                           -- local day
  status TEXT NOT NULL,
  percent INTEGER NOT NULL DEFAULT 0,
  late INTEGER NOT NULL DEFAULT 0,
  late_marked_at TEXT,
  done_at TEXT,
  created_by TEXT NOT NULL REFERENCES accounts (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- Lists: a commune's by due day (and by status), a session's, a province's, everyone's; the daily sweep of open ones past due.
CREATE INDEX commitments_by_unit ON commitments (unit_code, due_on, id);
CREATE INDEX commitments_by_unit_status ON commitments (unit_code, status, due_on, id);
CREATE INDEX commitments_by_session ON commitments (session_id, due_on, id);
CREATE INDEX commitments_by_province ON commitments (province_code, due_on, id);
CREATE INDEX commitments_by_due ON commitments (due_on, id);
CREATE INDEX commitments_to_mark_late ON commitments (due_on) WHERE late = 0 AND status <> 'done';
-- The job's history entries for the ones it has just marked (in the same batch, found by the run's instant).
CREATE INDEX commitments_marked_late ON commitments (late_marked_at) WHERE late = 1;

-- Append-only history of a commitment: made, edited from the minutes, progress with a note, marked late.
CREATE TABLE commitment_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  commitment_id TEXT NOT NULL REFERENCES commitments (id),
  at TEXT NOT NULL,
  actor_id TEXT REFERENCES accounts (id),         -- NULL: the daily job
  action TEXT NOT NULL,                           -- 'create' | 'edit' | 'progress' | 'late'
  status TEXT NOT NULL,
  percent INTEGER NOT NULL,
  note TEXT
);
CREATE INDEX commitment_events_by_commitment ON commitment_events (commitment_id, id);
CREATE TRIGGER commitment_events_no_update BEFORE UPDATE ON commitment_events BEGIN SELECT RAISE(ABORT, 'commitment_events is append-only'); END;
CREATE TRIGGER commitment_events_no_delete BEFORE DELETE ON commitment_events BEGIN SELECT RAISE(ABORT, 'commitment_events is append-only'); END;
