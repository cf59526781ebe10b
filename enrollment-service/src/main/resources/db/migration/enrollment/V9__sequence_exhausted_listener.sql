-- The listener of touchflow.sequence-exhausted (formerly touchflow.sequencer) is named for its topic.
UPDATE inbox SET consumer = 'enrollment.sequence-exhausted' WHERE consumer = 'enrollment.sequencer';
