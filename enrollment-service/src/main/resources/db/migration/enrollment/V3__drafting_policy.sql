-- How each campaign version's touches are drafted (template, llm or agent) and how long a draft
-- waits for a person before it expires (null: the drafting service's default).
ALTER TABLE campaign_versions
    ADD COLUMN drafting_mode           text NOT NULL DEFAULT 'template'
        CHECK (drafting_mode IN ('template', 'llm', 'agent')),
    ADD COLUMN drafting_agent          text,
    ADD COLUMN approval_window_minutes bigint CHECK (approval_window_minutes > 0);
