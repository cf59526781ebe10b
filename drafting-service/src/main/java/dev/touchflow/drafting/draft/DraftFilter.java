package dev.touchflow.drafting.draft;

import java.util.List;

/** Which drafts to list; a null field does not filter ({@code clients}: null for every client). */
record DraftFilter(DraftStatus status, List<String> clients, String campaign, String channel, int limit, int offset) {}
