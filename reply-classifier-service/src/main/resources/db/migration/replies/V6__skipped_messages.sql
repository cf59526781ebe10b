-- A message a mailbox held that could not be taken in after max-attempts tries, for a reason of its own
-- (never because the database or the mail server was down): kept here so a person sees it was skipped.
CREATE TABLE skipped_messages (
    id           uuid        PRIMARY KEY,
    client_id    text        NOT NULL,
    mailbox      text        NOT NULL,
    uid_validity bigint      NOT NULL,
    uid          bigint      NOT NULL,
    message_id   text,
    size_bytes   bigint      NOT NULL,
    reason       text        NOT NULL,
    attempts     int         NOT NULL,
    skipped_at   timestamptz NOT NULL,
    UNIQUE (mailbox, uid_validity, uid)
);
CREATE INDEX skipped_messages_client ON skipped_messages (client_id, skipped_at);
