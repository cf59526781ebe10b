-- The console looks up the send an approval became (GET /api/v1/sends?draft=), to offer its undo.
CREATE INDEX send_queue_draft ON sales_send_queue (draft_id);
