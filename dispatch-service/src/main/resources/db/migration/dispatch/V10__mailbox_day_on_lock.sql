-- The count of a mailbox's current local day kept on its row as well, so the statement that locks
-- the mailbox reads it: a row locked FOR UPDATE is read as it is once the lock is held, while a
-- second table read in the same statement would come from the snapshot taken before the wait.
ALTER TABLE mailboxes
    ADD COLUMN counted_day date,
    ADD COLUMN counted     int NOT NULL DEFAULT 0;

UPDATE mailboxes m SET counted_day = d.day, counted = d.sent
FROM (SELECT DISTINCT ON (mailbox) mailbox, day, sent FROM mailbox_days ORDER BY mailbox, day DESC) d
WHERE d.mailbox = m.mailbox;
