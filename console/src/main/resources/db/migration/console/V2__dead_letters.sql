-- Every record a consumer group could not process, as its dead-letter topic holds it
-- (<topic>.<group>.dlt): where it came from, why, and a preview of what it said. Keyed by its place in
-- the dead-letter topic, so a replay adds nothing.
CREATE TABLE dead_letters (
    topic              text        NOT NULL,
    partition          int         NOT NULL,
    "offset"           bigint      NOT NULL,
    original_topic     text        NOT NULL,
    original_partition int,
    original_offset    bigint,
    consumer_group     text        NOT NULL,
    client_id          text,
    record_key         text,
    reason             text        NOT NULL,
    exception          text,
    preview            text        NOT NULL,
    dead_at            timestamptz NOT NULL,
    PRIMARY KEY (topic, partition, "offset")
);
CREATE INDEX dead_letters_by_time ON dead_letters (dead_at DESC);
CREATE INDEX dead_letters_by_client ON dead_letters (client_id, dead_at DESC);
