-- Registrants' personal data has an end (Nghị định 13/2023/NĐ-CP: kept no longer than its purpose needs): a set
-- time after a session's results are published (province policy), the daily job blanks names, phones, emails and
-- questions. The rows stay (counts by status, place and village stay right); `erased_at` says when.
ALTER TABLE session_registrations ADD COLUMN erased_at TEXT;
ALTER TABLE dialogue_sessions ADD COLUMN personal_data_erased_at TEXT;
-- Erased rows all carry a blank phone: they leave the one-live-registration-per-phone rule.
DROP INDEX session_registrations_phone;
CREATE UNIQUE INDEX session_registrations_phone ON session_registrations (session_id, phone) WHERE status <> 'cancelled' AND erased_at IS NULL;
-- The job's sweep: sessions whose results (or cancellation) are out and whose registrants are not yet erased.
CREATE INDEX dialogue_sessions_to_erase ON dialogue_sessions (coalesce(results_published_at, cancelled_at))
  WHERE personal_data_erased_at IS NULL AND (results_published_at IS NOT NULL OR cancelled_at IS NOT NULL);
