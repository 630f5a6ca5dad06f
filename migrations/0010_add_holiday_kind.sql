-- A calendar entry is a day off (a public holiday, an announced swap) or a working weekend day (a Saturday worked in
-- exchange for a weekday off: 26/4/2025, 10/1/2026). The kinds are listed in code (holidays/schema.ts), not here.
ALTER TABLE holidays ADD COLUMN kind TEXT NOT NULL DEFAULT 'day_off';
