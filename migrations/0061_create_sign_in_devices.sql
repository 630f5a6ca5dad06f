-- Devices (signed cookie ids) that signed in to an email: past the hourly failure cap for that email, only
-- these may still try.
CREATE TABLE sign_in_devices (
  email TEXT NOT NULL COLLATE NOCASE,
  device TEXT NOT NULL,
  last_signed_in_at INTEGER NOT NULL,     -- unix seconds
  PRIMARY KEY (email, device)
);
CREATE INDEX sign_in_devices_by_age ON sign_in_devices (last_signed_in_at);
