-- Schedule policy per campaign version, pipeline triggers, step conditions, and the contacts'
-- current pipeline stages for the trigger sweep.
ALTER TABLE campaigns ADD COLUMN trigger_stage text;
ALTER TABLE campaign_versions
    ADD COLUMN business_days_only boolean NOT NULL DEFAULT false,
    ADD COLUMN holiday_calendar   text,
    ADD COLUMN window_start       time,
    ADD COLUMN window_end         time;
ALTER TABLE campaign_steps ADD COLUMN condition text;

CREATE TABLE contact_stages (
    client_id  text        NOT NULL,
    contact_id text        NOT NULL,
    contact    jsonb       NOT NULL,
    stage      text        NOT NULL,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (client_id, contact_id)
);
CREATE INDEX contact_stages_stage ON contact_stages (client_id, stage);
