-- Residents' registrations for a session. Seats are counted per place in the same statement that inserts,
-- so they are never exceeded; the rest wait in arrival order (queue_no) and are promoted when a seat frees.
CREATE TABLE session_registrations (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,              -- the resident's capability: 50 random bits
  session_id TEXT NOT NULL REFERENCES dialogue_sessions (id),
  place_id TEXT NOT NULL REFERENCES session_places (id),
  queue_no INTEGER NOT NULL,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,                    -- normalised: 0 and nine digits
  email TEXT,
  question TEXT,
  village_id TEXT REFERENCES villages (id),
  status TEXT NOT NULL,                   -- 'confirmed' | 'waitlisted' | 'cancelled' (list in code)
  promoted_at TEXT,
  checked_in_at TEXT,
  cancelled_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
-- One live registration per phone and session.
CREATE UNIQUE INDEX session_registrations_phone ON session_registrations (session_id, phone) WHERE status <> 'cancelled';
CREATE UNIQUE INDEX session_registrations_queue ON session_registrations (session_id, queue_no);
-- Seats taken at a place, and a session's waiting line in order.
CREATE INDEX session_registrations_by_place ON session_registrations (place_id, status, queue_no);
CREATE INDEX session_registrations_by_status ON session_registrations (session_id, status, queue_no);
