-- The minutes of a session (biên bản): attendance, summary, and each opinion raised — who asked (a name, or just a
-- village), the question, the answer, whether it was answered on the spot, and what follows it: a petition (linked
-- here) or a commitment (commitments.item_id). Saving again updates items by id; follow-ups are never made twice.
CREATE TABLE session_minutes (
  session_id TEXT PRIMARY KEY REFERENCES dialogue_sessions (id),
  attendance INTEGER NOT NULL,
  summary TEXT NOT NULL,
  secretary TEXT,                         -- who kept the minutes (the record's fourth signature)
  front_representative TEXT,              -- the Fatherland Front's representative (the third signature)
  version INTEGER NOT NULL DEFAULT 1,
  write_token TEXT NOT NULL,              -- random per save: what the statements after the guarded write check
  updated_by TEXT NOT NULL REFERENCES accounts (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE minutes_items (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES dialogue_sessions (id),
  position INTEGER NOT NULL,
  question TEXT NOT NULL,
  asked_by_name TEXT,                     -- only if the asker gave it; erased with the registrants' data
  asked_by_village_id TEXT REFERENCES villages (id),
  answer TEXT,
  answered_on_spot INTEGER NOT NULL,
  follow_up TEXT,                         -- 'petition' | 'commitment' | NULL (list in code)
  petition_id TEXT REFERENCES petitions (id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX minutes_items_by_session ON minutes_items (session_id, position);
-- A petition follows one item at most, and its page can find the item it came from.
CREATE UNIQUE INDEX minutes_items_by_petition ON minutes_items (petition_id) WHERE petition_id IS NOT NULL;
