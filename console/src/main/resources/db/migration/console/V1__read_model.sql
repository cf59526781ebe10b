-- The console's read model: what happened to every run, touch and reply, built only from the topics
-- and rebuilt by replaying them. Each table is written by one kind of event and keyed by that event's
-- subject, so the topics may be read in any order relative to each other; the pages join them.

-- One row per enrollment (touchflow.enrollment): who, in which campaign, and where the run is now.
CREATE TABLE runs (
    enrollment_id text PRIMARY KEY,
    client_id     text        NOT NULL,
    campaign_slug text        NOT NULL,
    campaign_name text        NOT NULL,
    contact_id    text        NOT NULL,
    contact_name  text,
    contact_email text        NOT NULL,
    enrolled_by   text        NOT NULL,
    enrolled_at   timestamptz NOT NULL,
    state         text        NOT NULL CHECK (state IN ('running', 'paused', 'exited')),
    exit_reason   text,
    changed_at    timestamptz NOT NULL
);
CREATE INDEX runs_by_campaign ON runs (campaign_slug, state);
CREATE INDEX runs_by_contact ON runs (client_id, contact_id);

-- A run the exit router sent on to a next campaign (touchflow.enroll, enrolled_by exit_router).
CREATE TABLE moves (
    from_enrollment_id text PRIMARY KEY,
    to_campaign        text        NOT NULL,
    at                 timestamptz NOT NULL
);

-- One row per send that left or ended (touchflow.sent).
CREATE TABLE touches (
    send_id       text PRIMARY KEY,
    enrollment_id text        NOT NULL,
    client_id     text        NOT NULL,
    contact_id    text        NOT NULL,
    campaign_slug text, -- a failure may not know it
    step_number   int         NOT NULL,
    channel       text,
    status        text        NOT NULL CHECK (status IN ('sent', 'failed')),
    subject       text,
    message_id    text,
    reason        text,
    at            timestamptz NOT NULL
);
CREATE INDEX touches_by_campaign ON touches (campaign_slug, step_number);
CREATE INDEX touches_by_enrollment ON touches (enrollment_id);

-- The first open by a person and the first click of a send (touchflow.engagement); machine opens
-- (image proxies, scanners) are not kept.
CREATE TABLE opens (
    send_id text PRIMARY KEY,
    at      timestamptz NOT NULL
);
CREATE TABLE clicks (
    send_id text PRIMARY KEY,
    url     text        NOT NULL,
    at      timestamptz NOT NULL
);

-- One row per reply (touchflow.reply-classified); a person's relabelling replaces the label.
CREATE TABLE replies (
    reply_id      text PRIMARY KEY,
    client_id     text             NOT NULL,
    contact_id    text             NOT NULL,
    enrollment_id text,
    in_reply_to   text,
    label         text             NOT NULL,
    confidence    double precision NOT NULL,
    decided_by    text             NOT NULL,
    at            timestamptz      NOT NULL
);
CREATE INDEX replies_by_touch ON replies (in_reply_to);
CREATE INDEX replies_by_contact ON replies (client_id, contact_id);
