-- The trace of the touch that left (W3C traceparent); a reply matched to it continues it.
ALTER TABLE sent_messages ADD COLUMN traceparent text;
