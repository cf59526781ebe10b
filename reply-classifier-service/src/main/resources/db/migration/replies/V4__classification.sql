-- What each reply was classified as, by whom, and the event that published it.
ALTER TABLE sent_messages ADD COLUMN correlation_id text;
ALTER TABLE received_messages
    ADD COLUMN label          text,
    ADD COLUMN confidence     double precision,
    ADD COLUMN return_date    date,
    ADD COLUMN referral_email text,
    ADD COLUMN decided_by     text,
    ADD COLUMN decision       text,
    ADD COLUMN event_id       text;
