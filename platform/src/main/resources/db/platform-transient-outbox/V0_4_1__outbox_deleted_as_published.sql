-- The outbox of a service that deletes each row once published (touchflow.platform.outbox.retention: 0)
-- and keeps no history: a service opts in by adding classpath:db/platform-transient-outbox to its
-- Flyway locations beside classpath:db/platform. Each index kept costs every outbox write, and such a
-- service writes one for every event it publishes.
-- Its event ids are fresh UUIDs, unique without a check; the unique index on them was the costliest
-- of the outbox's three (text keys, compared by collation).
ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_event_id_key;
-- Every row is unpublished, so the partial index of unpublished ids holds the same ids as the primary
-- key: one more index insert and its WAL on every row. The relay's queries read the primary key.
DROP INDEX IF EXISTS outbox_unpublished;
-- The outbox empties as fast as it fills: vacuum would truncate the empty tail, which takes an
-- exclusive lock that holds every writer and the relay still while it lasts (stalls of 300 to 700 ms).
-- The space stays with the table and is used again.
ALTER TABLE outbox SET (vacuum_truncate = false);
