-- Drafting modes (template, llm, agent), the checks shown on every draft, every version of its
-- content, approval expiry, rejection, and the LLM spend per client and day.
ALTER TABLE drafts DROP CONSTRAINT drafts_status_check;
ALTER TABLE drafts ADD CONSTRAINT drafts_status_check
    CHECK (status IN ('drafting', 'pending', 'needs_attention', 'approved', 'rejected', 'expired', 'withdrawn'));
ALTER TABLE drafts
    ADD COLUMN inputs          jsonb  NOT NULL DEFAULT '{}',
    ADD COLUMN made_with       jsonb  NOT NULL DEFAULT '{}',
    ADD COLUMN checks          jsonb  NOT NULL DEFAULT '[]',
    ADD COLUMN notes           text[] NOT NULL DEFAULT '{}',
    ADD COLUMN expires_at      timestamptz,
    ADD COLUMN answer_by       timestamptz,
    ADD COLUMN lease_until     timestamptz,
    ADD COLUMN decided_by      text,
    ADD COLUMN decided_at      timestamptz,
    ADD COLUMN decision_reason text;
CREATE INDEX drafts_drafting ON drafts (created_at) WHERE status = 'drafting';
CREATE INDEX drafts_expiring ON drafts (expires_at) WHERE status IN ('pending', 'needs_attention');
CREATE INDEX drafts_contact ON drafts (client_id, contact_id, created_at);

CREATE TABLE draft_versions (
    draft_id uuid        NOT NULL REFERENCES drafts (id),
    version  int         NOT NULL,
    subject  text,
    body     text        NOT NULL,
    made_by  text        NOT NULL,
    actor    text        NOT NULL,
    at       timestamptz NOT NULL,
    PRIMARY KEY (draft_id, version)
);

CREATE TABLE llm_spend (
    client_id    text   NOT NULL,
    day          date   NOT NULL,
    calls        int    NOT NULL DEFAULT 0,
    spent_micros bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (client_id, day)
);
