-- The trace of the approval a send came from (W3C traceparent); what dispatch says of the send
-- (sent, failed, cancelled, opened, clicked) continues it.
ALTER TABLE sales_send_queue ADD COLUMN traceparent text;
