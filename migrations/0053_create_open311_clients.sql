-- Open311 GeoReport v2 clients (a province's portal, a city app): each holds an api_key issued by an administrator
-- for one jurisdiction (a province). Only the key's SHA-256 is kept; the key is shown once, when issued. Revoking
-- stops it at once (every request checks D1). Rows are never deleted: the audit log names them.
CREATE TABLE open311_clients (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,                      -- who uses it, as the administrator wrote it
  province_code TEXT NOT NULL REFERENCES units (code),
  key_hash TEXT NOT NULL UNIQUE,           -- hex SHA-256 of the key
  key_hint TEXT NOT NULL,                  -- the key's last four characters, to tell keys apart
  created_by TEXT NOT NULL REFERENCES accounts (id),
  created_at TEXT NOT NULL,
  revoked_by TEXT REFERENCES accounts (id),
  revoked_at TEXT
);
CREATE INDEX open311_clients_by_province ON open311_clients (province_code, created_at);
