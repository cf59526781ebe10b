package dev.touchflow.drafting.draft;

/** Which drafts to list; a null field does not filter. */
record DraftFilter(String status, String clientId, String campaign, String channel, int limit, int offset) {
}
