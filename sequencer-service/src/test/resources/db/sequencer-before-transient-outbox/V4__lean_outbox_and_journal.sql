-- The sequencer writes an outbox row for every step that fires and deletes it once published
-- (retention 0), and two journal rows: each index kept costs every one of those writes.
-- The outbox's event ids are fresh UUIDs, unique without a check; the unique index on them was
-- the costliest of the outbox's three (text keys, compared by collation).
ALTER TABLE outbox DROP CONSTRAINT outbox_event_id_key;
-- The journal is read by enrollment only, in id order (step_journal_enrollment); nothing looks an
-- entry up by its id alone, so the id stays an ordering number without an index of its own.
ALTER TABLE step_journal DROP CONSTRAINT step_journal_pkey;
