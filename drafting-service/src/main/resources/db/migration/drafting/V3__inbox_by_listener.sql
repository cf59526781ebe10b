-- The inbox is keyed by the listener (its @KafkaListener id), not the topic: two listeners of one topic
-- each apply an event once. Rows written under the topic are the listener's that reads it.
UPDATE inbox SET consumer = 'drafting.step-due' WHERE consumer = 'touchflow.step-due';
UPDATE inbox SET consumer = 'drafting.enrollment' WHERE consumer = 'touchflow.enrollment';
