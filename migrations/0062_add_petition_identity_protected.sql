-- A denouncer's identity stays protected once a petition was submitted as, or ever classified as, a denunciation,
-- whatever it is classified as later: only the head, the assignee and supervisors see it (DOMAIN.md).
ALTER TABLE petitions ADD COLUMN identity_protected INTEGER NOT NULL DEFAULT 0;
UPDATE petitions SET identity_protected = 1 WHERE kind = 'denunciation';
