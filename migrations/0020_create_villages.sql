-- A commune's villages and residential groups (thôn, tổ dân phố): a session's audience, and the recipients
-- of its results through their heads. A removed village keeps its row (deleted_at), because past sessions
-- and registrations name it.
CREATE TABLE villages (
  id TEXT PRIMARY KEY,
  unit_code TEXT NOT NULL REFERENCES units (code),
  name TEXT NOT NULL,
  name_folded TEXT NOT NULL,              -- lower case, no diacritics: "Thôn Đông" and "thon dong" are one village
  head_name TEXT,
  head_phone TEXT,
  head_email TEXT,
  deleted_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX villages_by_unit_name ON villages (unit_code, name_folded) WHERE deleted_at IS NULL;
