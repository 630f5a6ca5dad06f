-- Dialogue sessions (hội nghị đối thoại), their places (the main venue and bridge points, điểm cầu) and
-- their audience villages. State lists live in code.
CREATE TABLE dialogue_sessions (
  id TEXT PRIMARY KEY,
  unit_code TEXT NOT NULL REFERENCES units (code),
  province_code TEXT NOT NULL,
  title TEXT NOT NULL,
  agenda TEXT,
  starts_at TEXT NOT NULL,                -- ISO instant in UTC with milliseconds: sorts and compares as text
  ends_at TEXT NOT NULL,
  venue_name TEXT NOT NULL,
  venue_address TEXT,
  venue_folded TEXT NOT NULL,             -- the venue name diacritics- and case-folded: what the clash rule compares
  chair_account_id TEXT NOT NULL REFERENCES accounts (id),
  mode TEXT NOT NULL,
  online_url TEXT,
  co_chair_name TEXT,
  co_chair_title TEXT,
  co_organiser TEXT,
  short_notice_reason TEXT,
  short_notice INTEGER NOT NULL DEFAULT 0,        -- announced later than the notice period allows (reported)
  recorded_afterwards INTEGER NOT NULL DEFAULT 0, -- held before the commune used the product, entered later
  status TEXT NOT NULL,
  listed INTEGER NOT NULL DEFAULT 0,      -- 1 once published or recorded: on the public lists from then on
  sequence INTEGER NOT NULL DEFAULT 0,    -- iCalendar SEQUENCE: bumped by every change a calendar must follow
  version INTEGER NOT NULL DEFAULT 1,
  write_token TEXT NOT NULL,              -- random per write: what the statements after a guarded write check
  published_at TEXT,
  held_at TEXT,
  cancelled_at TEXT,
  cancel_reason TEXT,
  results_summary TEXT,
  results_published_at TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- The clash check and the head's calendar: a unit's sessions by start.
CREATE INDEX dialogue_sessions_by_unit ON dialogue_sessions (unit_code, starts_at);
-- The public lists per province and nationwide.
CREATE INDEX dialogue_sessions_listed_by_province ON dialogue_sessions (province_code, listed, starts_at);
CREATE INDEX dialogue_sessions_listed ON dialogue_sessions (listed, starts_at);

CREATE TABLE session_places (
  id TEXT PRIMARY KEY,                    -- the main venue's place carries the session's own id
  session_id TEXT NOT NULL REFERENCES dialogue_sessions (id),
  is_bridge INTEGER NOT NULL,             -- 0: the main venue (named on the session); 1: a bridge point
  name TEXT,
  address TEXT,
  capacity INTEGER NOT NULL,
  position INTEGER NOT NULL,
  removed_at TEXT                         -- a bridge point taken off the session (kept for its cancelled registrations)
);
CREATE INDEX session_places_by_session ON session_places (session_id, position);

CREATE TABLE session_villages (
  session_id TEXT NOT NULL REFERENCES dialogue_sessions (id),
  village_id TEXT NOT NULL REFERENCES villages (id),
  PRIMARY KEY (session_id, village_id)
) WITHOUT ROWID;
