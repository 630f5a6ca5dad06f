-- The reception book (sổ tiếp công dân, Mẫu 03/TCD) lists the people a unit received in person, in the order they
-- came, under the unit that received them even after a transfer: a small partial index over walk-ins only.
CREATE INDEX petitions_walk_ins_by_receiving_unit ON petitions (received_unit_code, submitted_at, id) WHERE channel = 'walk_in';
