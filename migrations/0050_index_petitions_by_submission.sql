-- Exports and period reports walk a unit's (or a province's) petitions in the order they came in, within a
-- range of days: keyset pages on (submitted_at, id) and counts per period read these indexes and nothing else.
CREATE INDEX petitions_by_unit_submitted ON petitions (unit_code, submitted_at, id);
CREATE INDEX petitions_by_province_submitted ON petitions (province_code, submitted_at, id);
