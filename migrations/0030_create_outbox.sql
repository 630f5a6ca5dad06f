-- One outbox for the whole product: every message to a resident or a village head is a row, written in the same
-- batch() as the change that causes it. After the batch commits its id goes to the `notifications` queue; a relay
-- re-sends rows the queue never delivered. Statuses: pending | sent | failed | skipped (list in code).
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,                  -- derived from (event, recipient, channel): a retried request makes the same id
  event TEXT NOT NULL,                  -- what caused it, e.g. 'petition:<id>:v5'
  recipient TEXT NOT NULL,              -- who, without personal data: 'submitter', 'registration:<code>', 'village:<id>'
  recipient_role TEXT NOT NULL,         -- submitter | registrant | village_head
  kind TEXT NOT NULL,                   -- petition.accepted, registration.confirmed, session.reminder, …
  channel TEXT NOT NULL,                -- email | sms | zalo
  address TEXT NOT NULL,                -- normalised: lower-case email, phone as 0 and nine digits
  protected INTEGER NOT NULL DEFAULT 0, -- a denouncer's address: masked in every view
  unit_code TEXT NOT NULL,              -- the unit whose officials see the message
  province_code TEXT NOT NULL,          -- and the province whose supervisors do
  petition_id TEXT,
  session_id TEXT,
  access_code TEXT,                     -- the tracking or registration code the resident holds: their page lists these
  data TEXT NOT NULL,                   -- JSON: the template's values and the link
  status TEXT NOT NULL DEFAULT 'pending',
  send_after TEXT NOT NULL,             -- ISO instant; a reminder waits for its hour
  next_attempt_at TEXT NOT NULL,        -- when a delivery should have happened by; the relay re-sends rows past it
  attempts INTEGER NOT NULL DEFAULT 0,
  claimed_until TEXT,                   -- a consumer's lease while it delivers, so two copies never send at once
  provider_message_id TEXT,             -- the channel's id for the message (email Message-ID, gateway id)
  error TEXT,                           -- the last failure's code, for officials
  created_at TEXT NOT NULL,
  sent_at TEXT,
  updated_at TEXT NOT NULL
);
-- Officials' list: the subject (petition or session), else the scope (unit or province), newest first.
CREATE INDEX outbox_by_petition ON outbox (petition_id, created_at, id) WHERE petition_id IS NOT NULL;
CREATE INDEX outbox_by_session ON outbox (session_id, created_at, id) WHERE session_id IS NOT NULL;
CREATE INDEX outbox_by_unit ON outbox (unit_code, created_at, id);
CREATE INDEX outbox_by_unit_status ON outbox (unit_code, status, created_at, id);
CREATE INDEX outbox_by_province ON outbox (province_code, created_at, id);
CREATE INDEX outbox_by_province_status ON outbox (province_code, status, created_at, id);
-- The resident's "what was sent" on the tracking or registration page.
CREATE INDEX outbox_by_access_code ON outbox (access_code, created_at) WHERE access_code IS NOT NULL;
-- The relay: pending rows whose delivery is overdue (or whose hour has come).
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE status = 'pending';
