-- Who came to a session: registrants are checked in by code or name (`checked_in_at`, already there, and by whom),
-- and people who came without registering are counted per place (the absolute count staff last entered).
ALTER TABLE session_places ADD COLUMN walk_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE session_registrations ADD COLUMN checked_in_by TEXT REFERENCES accounts (id);
-- The name lower-cased without diacritics, so staff find "Nguyễn Văn An" by typing "nguyen van" on a phone.
-- Rows from before this column fall back to lower(name) in the search.
ALTER TABLE session_registrations ADD COLUMN name_folded TEXT;
