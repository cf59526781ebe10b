-- enrollment-service owns clients, campaigns with their versions and steps, the exec gate,
-- enrollments (campaign_contacts), refusals and suppressed contacts.

CREATE TABLE clients (
    id         text        PRIMARY KEY,
    name       text        NOT NULL,
    timezone   text        NOT NULL DEFAULT 'UTC',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaigns (
    id              uuid        PRIMARY KEY,
    slug            text        NOT NULL UNIQUE,
    name            text        NOT NULL,
    description     text,
    client_id       text        NOT NULL REFERENCES clients (id),
    type            text        NOT NULL,
    owner_role      text        NOT NULL,
    status          text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'archived')),
    current_version int         NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Editing a campaign makes a new version; running enrollments keep the one they started with.
CREATE TABLE campaign_versions (
    campaign_id          uuid        NOT NULL REFERENCES campaigns (id),
    version              int         NOT NULL,
    on_exit              jsonb       NOT NULL DEFAULT '{}',
    grace_period_minutes bigint      NOT NULL DEFAULT 4320,
    created_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, version)
);

CREATE TABLE campaign_steps (
    campaign_id            uuid    NOT NULL,
    version                int     NOT NULL,
    step_number            int     NOT NULL CHECK (step_number >= 1),
    delay_minutes          bigint  NOT NULL CHECK (delay_minutes >= 0),
    channel                text    NOT NULL CHECK (channel IN ('email', 'linkedin', 'sms', 'call', 'task')),
    content_type           text    NOT NULL,
    subject_template       text,
    body_template          text    NOT NULL,
    template_instructions  text,
    requires_personal_send boolean NOT NULL DEFAULT false,
    PRIMARY KEY (campaign_id, version, step_number),
    FOREIGN KEY (campaign_id, version) REFERENCES campaign_versions (campaign_id, version)
);

-- Handoffs waiting for a person to route them into campaigns.
CREATE TABLE gate_requests (
    id                  uuid        PRIMARY KEY,
    event_id            text        NOT NULL UNIQUE,
    client_id           text        NOT NULL,
    contact_id          text        NOT NULL,
    contact             jsonb       NOT NULL,
    meeting             jsonb,
    booked_by           text,
    suggested_campaigns text[]      NOT NULL DEFAULT '{}',
    status              text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'routed')),
    routed_campaigns    text[],
    goal                text,
    notes               text,
    received_at         timestamptz NOT NULL,
    routed_at           timestamptz
);
CREATE INDEX gate_requests_status ON gate_requests (status, received_at);

CREATE TABLE campaign_contacts (
    id               uuid        PRIMARY KEY,
    client_id        text        NOT NULL,
    contact_id       text        NOT NULL,
    contact          jsonb       NOT NULL,
    campaign_id      uuid        NOT NULL REFERENCES campaigns (id),
    campaign_version int         NOT NULL,
    status           text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'exited')),
    enrolled_by      text        NOT NULL,
    enrolled_at      timestamptz NOT NULL,
    exited_at        timestamptz,
    exit_reason      text,
    goal             text,
    notes            text,
    correlation_id   text        NOT NULL,
    chain            text[]      NOT NULL DEFAULT '{}'
);
-- At most one running enrollment per contact per campaign; exited ones are history.
CREATE UNIQUE INDEX campaign_contacts_active_uniq
    ON campaign_contacts (client_id, contact_id, campaign_id) WHERE status <> 'exited';
CREATE INDEX campaign_contacts_campaign ON campaign_contacts (campaign_id, status, enrolled_at);

-- Enroll commands that were not carried out, and why: visible, never silent.
CREATE TABLE enrollment_refusals (
    id            bigserial   PRIMARY KEY,
    client_id     text        NOT NULL,
    contact_id    text        NOT NULL,
    campaign_slug text        NOT NULL,
    reason        text        NOT NULL,
    enrolled_by   text        NOT NULL,
    refused_at    timestamptz NOT NULL
);

CREATE TABLE suppressed_contacts (
    client_id     text        NOT NULL,
    email         text        NOT NULL,
    reason        text        NOT NULL,
    suppressed_at timestamptz NOT NULL,
    PRIMARY KEY (client_id, email)
);
