-- The inbox is keyed by the listener (its @KafkaListener id), not the topic: two listeners of one topic
-- each apply an event once. Rows written under the topic are the listener's that reads it.
UPDATE inbox SET consumer = 'enrollment.reply-classified' WHERE consumer = 'touchflow.reply-classified';
UPDATE inbox SET consumer = 'enrollment.engagement' WHERE consumer = 'touchflow.engagement';
UPDATE inbox SET consumer = 'enrollment.enroll' WHERE consumer = 'touchflow.enroll';
UPDATE inbox SET consumer = 'enrollment.sequencer' WHERE consumer = 'touchflow.sequencer';
UPDATE inbox SET consumer = 'enrollment.exit-router' WHERE consumer = 'touchflow.enrollment';
UPDATE inbox SET consumer = 'enrollment.meeting-booked' WHERE consumer = 'touchflow.meeting-booked';
UPDATE inbox SET consumer = 'enrollment.pipeline-stage-changed' WHERE consumer = 'touchflow.pipeline-stage-changed';
