-- Every local day from 2000 to 2100: whether it is a working day, and the running count of working days up to and
-- including it. Derived from weekends and `holidays` (the holiday workflow keeps it in step, in the same batch).
-- It lets one UPDATE recompute every open deadline after a calendar change: the day N working days after D is the
-- working day whose index is index(D) + N; a period of N calendar days ends on D + N, or on the next working day.
CREATE TABLE calendar_days (
  day TEXT PRIMARY KEY,                    -- YYYY-MM-DD, local day
  working INTEGER NOT NULL,                -- 1: a working day
  working_index INTEGER NOT NULL           -- working days from 2000-01-01 up to and including this day
) WITHOUT ROWID;

INSERT INTO calendar_days (day, working, working_index)
WITH RECURSIVE days (day) AS (SELECT '2000-01-01' UNION ALL SELECT date(day, '+1 day') FROM days WHERE day < '2100-12-31'),
  flagged AS (
    SELECT day, CASE
        WHEN EXISTS (SELECT 1 FROM holidays h WHERE h.date = days.day AND h.kind = 'working_day') THEN 1
        WHEN EXISTS (SELECT 1 FROM holidays h WHERE h.date = days.day) THEN 0
        WHEN strftime('%w', days.day) IN ('0', '6') THEN 0
        ELSE 1
      END AS working
    FROM days
  )
SELECT day, working, sum(working) OVER (ORDER BY day) FROM flagged;

-- Not UNIQUE: a change shifts the indexes of all later days in one UPDATE, which SQLite checks row by row.
CREATE INDEX calendar_days_by_working_index ON calendar_days (working_index) WHERE working = 1;

-- The calendar's version, bumped by every change to it, and the version whose deadlines are in place (the petitions
-- job sets it once it has recomputed them). Tracking snapshots carry the latter, so a change makes them stale.
CREATE TABLE calendar_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL,
  deadlines_version INTEGER NOT NULL
);
INSERT INTO calendar_state (id, version, deadlines_version) VALUES (1, 1, 0);
