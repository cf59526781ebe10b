-- The inbox is keyed by the listener (its @KafkaListener id), not the topic: two listeners of one topic
-- each apply an event once. Rows written under the topic are the listener's that reads it.
UPDATE inbox SET consumer = 'replies.sent' WHERE consumer = 'touchflow.sent';
