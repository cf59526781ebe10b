-- The sequencer deletes each outbox row once published (retention 0), so every row is unpublished
-- and the platform's partial index on unpublished ids holds the same ids as the primary key: one
-- more index insert and its WAL on every step that fires. The relay's queries read the primary key.
DROP INDEX outbox_unpublished;
