-- The topic the sequencer tells enrollment-service that a sequence ran out on is named for that fact,
-- touchflow.sequence-exhausted, no longer for the service (touchflow.sequencer). Rows not yet published
-- go to the new name.
UPDATE outbox SET topic = 'touchflow.sequence-exhausted' WHERE topic = 'touchflow.sequencer';
