-- One message per (event, recipient, channel) also for rows whose recipients are chosen inside SQL (an INSERT …
-- SELECT over registrations or villages): their ids are random, so this index is what keeps a retry from writing a
-- second row. Rows written from JavaScript already have ids derived from the same three values.
CREATE UNIQUE INDEX outbox_by_event_recipient ON outbox (event, recipient, channel);
