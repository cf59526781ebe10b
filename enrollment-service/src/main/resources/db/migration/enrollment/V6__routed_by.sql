-- Who routed a handoff comes from the caller's token, never from the request body.
ALTER TABLE gate_requests ADD COLUMN routed_by text;
