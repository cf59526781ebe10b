-- The undo window, sender mailboxes with daily counters and a minimum gap, the mailbox a contact
-- keeps, threading, the suppression list, and the links of each message for click tracking.
ALTER TABLE sales_send_queue
    ADD COLUMN undo_until  timestamptz,
    ADD COLUMN mailbox     text,
    ADD COLUMN in_reply_to text,
    ADD COLUMN thread_refs text,
    ADD COLUMN tracked     boolean NOT NULL DEFAULT false,
    ADD COLUMN done_by     text;
UPDATE sales_send_queue SET undo_until = not_before;
ALTER TABLE sales_send_queue ALTER COLUMN undo_until SET NOT NULL;
CREATE INDEX send_queue_enrollment ON sales_send_queue (enrollment_id, step_number);

-- Sends counted per mailbox and local day, and when the mailbox may send next.
CREATE TABLE mailbox_days (
    mailbox text NOT NULL,
    day     date NOT NULL,
    sent    int  NOT NULL DEFAULT 0,
    PRIMARY KEY (mailbox, day)
);
CREATE TABLE mailboxes (
    mailbox      text        PRIMARY KEY,
    next_free_at timestamptz NOT NULL
);

-- A contact keeps the mailbox of their first touch, so the thread holds.
CREATE TABLE contact_mailboxes (
    client_id   text        NOT NULL,
    contact_id  text        NOT NULL,
    mailbox     text        NOT NULL,
    assigned_at timestamptz NOT NULL,
    PRIMARY KEY (client_id, contact_id)
);

-- Nobody on this list is written to again by this client.
CREATE TABLE suppressions (
    client_id  text        NOT NULL,
    address    text        NOT NULL,
    contact_id text,
    reason     text        NOT NULL CHECK (reason IN ('unsubscribed', 'bounced', 'complained')),
    source     text        NOT NULL,
    at         timestamptz NOT NULL,
    PRIMARY KEY (client_id, address)
);
CREATE INDEX suppressions_contact ON suppressions (client_id, contact_id);

-- The links of a tracked message; a click redirects only to one of them.
CREATE TABLE send_links (
    send_id uuid NOT NULL REFERENCES sales_send_queue (id),
    idx     int  NOT NULL,
    url     text NOT NULL,
    PRIMARY KEY (send_id, idx)
);
