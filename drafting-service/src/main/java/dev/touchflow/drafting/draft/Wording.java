package dev.touchflow.drafting.draft;

/** What the touch says; a subject only where the channel has one. */
public record Wording(String subject, String body) {

    static final Wording NONE = new Wording(null, "");
}
