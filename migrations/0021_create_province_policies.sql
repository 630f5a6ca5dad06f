-- A province's dialogue and reporting policy, as dated rows: the policy in force on a day is the latest
-- row with effective_from on or before it; a province without rows gets the defaults in code (API.md).
CREATE TABLE province_policies (
  province_code TEXT NOT NULL REFERENCES units (code),
  effective_from TEXT NOT NULL,           -- YYYY-MM-DD, local day
  min_sessions_per_year INTEGER NOT NULL,
  in_year_deadline TEXT,                  -- MM-DD: the sessions must be held by this day of the year; NULL = by the year's end
  notice_days INTEGER NOT NULL,
  results_days INTEGER NOT NULL,
  feedback_window_working_days INTEGER NOT NULL,
  report_periods TEXT NOT NULL,           -- 'calendar' | 'cutoff' (list in code)
  personal_data_retention_months INTEGER NOT NULL,
  updated_by TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (province_code, effective_from)
) WITHOUT ROWID;
