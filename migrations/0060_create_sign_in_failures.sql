-- Failed sign-ins per (email, client): the client is the signed device cookie ('device:<id>') or, without one,
-- the address ('address:<ip>'). Someone else's guesses fill their own row, never the official's usual browser.
-- login_failures (0002) now counts the attempts on one email from every client together, per hour.
CREATE TABLE sign_in_failures (
  email TEXT NOT NULL COLLATE NOCASE,
  client TEXT NOT NULL,
  failures INTEGER NOT NULL,
  window_started_at INTEGER NOT NULL,     -- unix seconds
  PRIMARY KEY (email, client)
);
CREATE INDEX sign_in_failures_by_window ON sign_in_failures (window_started_at);
