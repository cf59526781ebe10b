-- Holiday calendars (by name, usually the client id), the per-contact touch ledger behind the
-- daily cap, the journal of every decision about a step, and the campaign versions simulate plans with.
CREATE TABLE holidays (
    calendar text NOT NULL,
    day      date NOT NULL,
    name     text NOT NULL,
    PRIMARY KEY (calendar, day)
);

CREATE TABLE touch_ledger (
    client_id  text NOT NULL,
    contact_id text NOT NULL,
    local_date date NOT NULL,
    touches    int  NOT NULL,
    PRIMARY KEY (client_id, contact_id, local_date)
);

CREATE TABLE step_journal (
    id            bigserial   PRIMARY KEY,
    enrollment_id uuid        NOT NULL,
    step_number   int         NOT NULL,
    at            timestamptz NOT NULL,
    decision      text        NOT NULL,
    reasons       text[]      NOT NULL DEFAULT '{}',
    fire_at       timestamptz
);
CREATE INDEX step_journal_enrollment ON step_journal (enrollment_id, id);

CREATE TABLE campaign_versions (
    slug     text  PRIMARY KEY,
    version  int   NOT NULL,
    snapshot bytea NOT NULL
);

-- When the next step was planned for before any cap deferral: among timers due at the same
-- moment, the one that has waited longest goes first.
ALTER TABLE timers ADD COLUMN planned_at timestamptz;
DROP INDEX timers_due;
CREATE INDEX timers_due ON timers (fire_at, planned_at, enrolled_at, campaign_slug, enrollment_id)
    WHERE status IN ('scheduled', 'grace');
