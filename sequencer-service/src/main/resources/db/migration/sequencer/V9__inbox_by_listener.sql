-- The inbox is keyed by the listener (its @KafkaListener id), not the topic: two listeners of one topic
-- each apply an event once. Rows written under the topic are the listener's that reads it.
UPDATE inbox SET consumer = 'sequencer.enrollment' WHERE consumer = 'touchflow.enrollment';
UPDATE inbox SET consumer = 'sequencer.reply-classified' WHERE consumer = 'touchflow.reply-classified';
UPDATE inbox SET consumer = 'sequencer.campaign-versions' WHERE consumer = 'touchflow.campaign-versions';
