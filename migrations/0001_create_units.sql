-- Administrative units. Records keep the unit they were made under, so a unit is never deleted:
-- it gets valid_to and replaced_by when a reform merges it (DOMAIN.md, 1 July 2025).
CREATE TABLE units (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_folded TEXT NOT NULL,              -- lower case, no diacritics: "typing without diacritics finds it"
  level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune', 'ward', 'special_zone')),
  parent_code TEXT REFERENCES units (code) DEFERRABLE INITIALLY DEFERRED,
  province_code TEXT NOT NULL,            -- derived from the parent chain; one indexed column scopes a supervisor
  valid_from TEXT,                        -- YYYY-MM-DD, local day
  valid_to TEXT,
  replaced_by TEXT REFERENCES units (code) DEFERRABLE INITIALLY DEFERRED,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX units_by_parent ON units (parent_code, code);
CREATE INDEX units_by_province ON units (province_code, level, code);
CREATE INDEX units_by_level ON units (level, code);
