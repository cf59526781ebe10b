-- dispatch-service owns the send queue.
CREATE TABLE sales_send_queue (
    id                     uuid        PRIMARY KEY,
    draft_id               uuid        NOT NULL,
    enrollment_id          uuid        NOT NULL,
    step_number            int         NOT NULL,
    channel                text        NOT NULL,
    client_id              text        NOT NULL,
    contact_id             text        NOT NULL,
    correlation_id         text        NOT NULL,
    campaign_slug          text        NOT NULL,
    to_id                  text        NOT NULL,
    contact_name           text,
    subject                text,
    body                   text        NOT NULL,
    content_hash           text        NOT NULL,
    approved_by            text        NOT NULL,
    requires_personal_send boolean     NOT NULL,
    -- pending: waits for not_before; sending: handed to the server, outcome not yet recorded;
    -- unknown: found sending after a crash, never resent automatically; task: for a person to send.
    status                 text        NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled',
                                                                  'dead', 'unknown', 'task')),
    attempts               int         NOT NULL DEFAULT 0,
    last_error             text,
    not_before             timestamptz NOT NULL,
    claimed_at             timestamptz,
    from_address           text,
    message_id             text,
    sent_at                timestamptz,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    -- A duplicated or replayed approval never sends again.
    UNIQUE (enrollment_id, step_number, channel)
);
CREATE INDEX send_queue_due ON sales_send_queue (not_before) WHERE status = 'pending';
CREATE INDEX send_queue_status ON sales_send_queue (status, created_at);
