-- The trace of the enrollment the timer serves (W3C traceparent); each step it fires continues it.
ALTER TABLE timers ADD COLUMN traceparent text;
