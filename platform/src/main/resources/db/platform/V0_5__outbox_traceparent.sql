-- The W3C traceparent of the work that wrote the row, put on the record's headers by the relay
-- (null: a row written before traces were kept, or outside any trace).
ALTER TABLE outbox ADD COLUMN traceparent text;
