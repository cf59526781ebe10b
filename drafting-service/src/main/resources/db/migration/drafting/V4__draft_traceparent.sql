-- The trace of the step the draft was made for (W3C traceparent); its approval continues it.
ALTER TABLE drafts ADD COLUMN traceparent text;
