-- Once the drop of the platform's partial index of unpublished outbox rows; that is now part of the
-- platform's transient outbox (db/platform-transient-outbox), which the sequencer's outbox takes.
SELECT 1;
