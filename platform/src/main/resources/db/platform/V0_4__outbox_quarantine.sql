-- Outbox rows the broker refused for good (too large, a topic that is not there), moved aside with
-- the reason so the relay goes on with the rest; listed at GET /api/v1/outbox/quarantined.
CREATE TABLE outbox_quarantine (
    id             bigint      PRIMARY KEY,
    event_id       text        NOT NULL,
    topic          text        NOT NULL,
    record_key     text        NOT NULL,
    event_type     text        NOT NULL,
    payload        bytea       NOT NULL,
    occurred_at    timestamptz NOT NULL,
    reason         text        NOT NULL,
    quarantined_at timestamptz NOT NULL DEFAULT now()
);
