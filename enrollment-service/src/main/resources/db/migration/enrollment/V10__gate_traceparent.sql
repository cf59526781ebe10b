-- The trace of the booked meeting (W3C traceparent), continued when a person routes the request.
ALTER TABLE gate_requests ADD COLUMN traceparent text;
