-- reply-classifier-service owns the index of every Message-ID dispatch sent, for thread matching.
CREATE TABLE sent_messages (
    message_id    text        PRIMARY KEY,
    send_id       uuid        NOT NULL,
    enrollment_id uuid        NOT NULL,
    client_id     text        NOT NULL,
    contact_id    text        NOT NULL,
    campaign_slug text        NOT NULL,
    step_number   int         NOT NULL,
    to_id         text        NOT NULL,
    sent_at       timestamptz NOT NULL
);
CREATE INDEX sent_messages_contact ON sent_messages (client_id, lower(to_id));
