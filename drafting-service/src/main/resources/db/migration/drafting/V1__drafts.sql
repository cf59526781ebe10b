-- drafting-service owns staged drafts, their versions and the audit of every change.
CREATE TABLE drafts (
    id                     uuid        PRIMARY KEY,
    enrollment_id          uuid        NOT NULL,
    step_number            int         NOT NULL,
    client_id              text        NOT NULL,
    contact_id             text        NOT NULL,
    correlation_id         text        NOT NULL,
    campaign_slug          text        NOT NULL,
    campaign_version       int         NOT NULL,
    channel                text        NOT NULL,
    to_id                  text        NOT NULL,
    subject                text,
    body                   text        NOT NULL,
    context                jsonb       NOT NULL,
    status                 text        NOT NULL CHECK (status IN ('pending', 'needs_attention', 'approved', 'rejected',
                                                                  'expired', 'withdrawn')),
    problems               text[]      NOT NULL DEFAULT '{}',
    made_by                text        NOT NULL,
    requires_personal_send boolean     NOT NULL DEFAULT false,
    version                int         NOT NULL DEFAULT 1,
    content_hash           text,
    approved_by            text,
    approved_at            timestamptz,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    UNIQUE (enrollment_id, step_number)
);
CREATE INDEX drafts_status ON drafts (status, created_at);

CREATE TABLE draft_audit (
    id       bigserial   PRIMARY KEY,
    draft_id uuid        NOT NULL REFERENCES drafts (id),
    at       timestamptz NOT NULL,
    actor    text        NOT NULL,
    action   text        NOT NULL,
    before   jsonb,
    after    jsonb
);
CREATE INDEX draft_audit_draft ON draft_audit (draft_id, id);
