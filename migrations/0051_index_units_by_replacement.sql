-- Reports roll a merged unit up to the unit that replaced it: finding a unit's predecessors walks replaced_by
-- backwards (units that name it), which this index answers without scanning every unit.
CREATE INDEX units_by_replacement ON units (replaced_by) WHERE replaced_by IS NOT NULL;
