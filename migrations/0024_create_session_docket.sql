-- A session's docket: what will be discussed — petitions of the unit, residents' questions accepted from
-- their registrations, and questions officials add. `question` is the public wording, without names.
CREATE TABLE session_docket (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES dialogue_sessions (id),
  source TEXT NOT NULL,                   -- 'petition' | 'registration' | 'official' (list in code)
  petition_id TEXT REFERENCES petitions (id),
  registration_id TEXT REFERENCES session_registrations (id),
  question TEXT NOT NULL,
  added_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX session_docket_by_session ON session_docket (session_id, created_at);
CREATE UNIQUE INDEX session_docket_petition ON session_docket (session_id, petition_id) WHERE petition_id IS NOT NULL;
CREATE UNIQUE INDEX session_docket_registration ON session_docket (session_id, registration_id) WHERE registration_id IS NOT NULL;
