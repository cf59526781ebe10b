-- Slugs, client and contact ids are ASCII identifiers: the indexes that order timers and cap
-- touches compare them bytewise (COLLATE "C") instead of through the database's locale, which
-- they pass through on every insert and every claimed row (timers due at one moment from one
-- campaign differ only from the slug on).
ALTER TABLE timers ALTER COLUMN campaign_slug TYPE text COLLATE "C";
ALTER TABLE touch_ledger ALTER COLUMN client_id TYPE text COLLATE "C",
    ALTER COLUMN contact_id TYPE text COLLATE "C";

-- A fired step and the plan for the next one are decided together: one row holds both, the
-- second in the then_ columns, instead of two rows and two index entries.
ALTER TABLE step_journal ADD COLUMN then_step_number int,
    ADD COLUMN then_decision text,
    ADD COLUMN then_reasons text[],
    ADD COLUMN then_fire_at timestamptz;

-- A drained backlog leaves the timers' old row versions at the end of the table: vacuum would then
-- truncate the empty tail, which takes an exclusive lock that holds every firing still while it lasts
-- (stalls of 300 to 700 ms). The space stays with the table and is used again.
ALTER TABLE timers SET (vacuum_truncate = false);
