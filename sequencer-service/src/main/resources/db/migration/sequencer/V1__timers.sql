-- sequencer-service owns one durable timer per running enrollment.
CREATE TABLE timers (
    enrollment_id        uuid        PRIMARY KEY,
    client_id            text        NOT NULL,
    contact_id           text        NOT NULL,
    campaign_slug        text        NOT NULL,
    enrolled_at          timestamptz NOT NULL,
    next_step            int         NOT NULL,
    total_steps          int         NOT NULL,
    fire_at              timestamptz,
    status               text        NOT NULL CHECK (status IN ('scheduled', 'grace', 'paused', 'done', 'cancelled')),
    grace_period_minutes bigint      NOT NULL,
    -- The Enrolled event as received (the codec's wire format): the schedule snapshot of the version.
    snapshot             bytea       NOT NULL,
    updated_at           timestamptz NOT NULL
);
CREATE INDEX timers_due ON timers (fire_at) WHERE status IN ('scheduled', 'grace');
