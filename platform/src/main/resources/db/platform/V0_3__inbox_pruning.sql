-- The inbox is pruned by age (touchflow.platform.inbox-retention).
CREATE INDEX inbox_processed_at ON inbox (processed_at);
