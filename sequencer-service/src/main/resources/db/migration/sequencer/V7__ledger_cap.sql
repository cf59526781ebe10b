-- The cap a day's touches were last checked against. The upsert that adds a batch's touches refuses
-- a day that would pass it through excluded.cap; it used to look the cap up in the batch, one scan of
-- the whole batch for every day already in the ledger.
ALTER TABLE touch_ledger ADD COLUMN cap int;
