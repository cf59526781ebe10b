-- The sequencer writes two journal rows for every step that fires: each index kept costs every one
-- of those writes. (Its outbox's shape is the platform's transient outbox, db/platform-transient-outbox.)
-- The journal is read by enrollment only, in id order (step_journal_enrollment); nothing looks an
-- entry up by its id alone, so the id stays an ordering number without an index of its own.
ALTER TABLE step_journal DROP CONSTRAINT step_journal_pkey;
