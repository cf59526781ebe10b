-- The inbox is keyed by the listener (its @KafkaListener id), not the topic: two listeners of one topic
-- each apply an event once. Rows written under the topic are the listener's that reads it.
UPDATE inbox SET consumer = 'dispatch.approved' WHERE consumer = 'touchflow.approved';
UPDATE inbox SET consumer = 'dispatch.enrollment' WHERE consumer = 'touchflow.enrollment';
UPDATE inbox SET consumer = 'dispatch.reply-classified' WHERE consumer = 'touchflow.reply-classified';
