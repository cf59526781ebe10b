-- What dispatch needs to check drafting-service's signature again right before it sends: the signed
-- fields the queue did not keep, and the signature itself. A send whose signature no longer holds
-- (its row was altered) is refused, never sent.
ALTER TABLE sales_send_queue
    ADD COLUMN draft_version    int         NOT NULL DEFAULT 0,
    ADD COLUMN campaign_version int         NOT NULL DEFAULT 0,
    ADD COLUMN approved_at      timestamptz,
    ADD COLUMN signature        bytea,
    ADD COLUMN signing_key_id   text;
ALTER TABLE sales_send_queue DROP CONSTRAINT sales_send_queue_status_check;
ALTER TABLE sales_send_queue ADD CONSTRAINT sales_send_queue_status_check CHECK (status IN ('pending', 'sending', 'sent',
    'failed', 'cancelled', 'dead', 'unknown', 'task', 'refused'));

-- Approvals refused on arrival (unsigned, signed by an unknown key, or altered): kept apart from the
-- queue, so a forged record cannot take the (enrollment, step, channel) place of the real approval.
CREATE TABLE refused_approvals (
    event_id      text        PRIMARY KEY,
    id            uuid        NOT NULL,
    draft_id      text        NOT NULL,
    enrollment_id text        NOT NULL,
    step_number   int         NOT NULL,
    channel       text        NOT NULL,
    client_id     text        NOT NULL,
    contact_id    text        NOT NULL,
    campaign_slug text        NOT NULL,
    to_id         text        NOT NULL,
    subject       text,
    approved_by   text        NOT NULL,
    reason        text        NOT NULL,
    received_at   timestamptz NOT NULL
);
CREATE INDEX refused_approvals_client ON refused_approvals (client_id, received_at);
