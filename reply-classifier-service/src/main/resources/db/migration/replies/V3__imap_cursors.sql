-- How far each polled mailbox has been read: the folder's UIDVALIDITY and the last UID taken in.
CREATE TABLE imap_cursors (
    mailbox      text   PRIMARY KEY,
    uid_validity bigint NOT NULL,
    last_uid     bigint NOT NULL
);
