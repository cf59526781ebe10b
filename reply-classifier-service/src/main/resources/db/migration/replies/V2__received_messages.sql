-- Every inbound message, raw and understood, deduplicated by Message-ID; matched to the touch it
-- answers where possible, kept and listed when not.
CREATE TABLE received_messages (
    id             uuid        PRIMARY KEY,
    client_id      text        NOT NULL,
    message_id     text        NOT NULL,
    source         text        NOT NULL CHECK (source IN ('webhook', 'imap')),
    from_address   text        NOT NULL,
    to_address     text,
    subject        text,
    received_at    timestamptz NOT NULL,
    headers        jsonb       NOT NULL,
    body_text      text        NOT NULL,
    body_html      text,
    raw            text,
    new_text       text        NOT NULL,
    automatic      boolean     NOT NULL,
    bounce_kind    text,
    bounce_recipient text,
    matched_by     text,
    send_id        uuid,
    enrollment_id  uuid,
    contact_id     text,
    status         text        NOT NULL CHECK (status IN ('unmatched', 'received', 'needs_review', 'classified')),
    created_at     timestamptz NOT NULL,
    UNIQUE (client_id, message_id)
);
CREATE INDEX received_messages_status ON received_messages (status, created_at);
