-- Each running sequencer instance's heartbeat. An instance whose heartbeat stopped may have died
-- holding timers, which its aborted transaction gave back behind everyone's firing position: the
-- instance that notices looks behind its position for them. Without such a death the look behind
-- (a walk over the due index's entries of every timer fired since vacuum last came) is not needed.
CREATE TABLE sequencer_instances (
    instance   uuid        PRIMARY KEY,
    started_at timestamptz NOT NULL,
    seen_at    timestamptz NOT NULL
);
