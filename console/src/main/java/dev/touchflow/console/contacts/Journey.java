package dev.touchflow.console.contacts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One run and everything that happened in it, in time order: the sequencer's decisions, touches and replies. */
public record Journey(Journeys.Run run, List<Moment> moments) {

    /** A line of the journey: when, what kind ({@code journal}, {@code touch}, {@code reply}), what, and detail. */
    public record Moment(Instant at, String kind, String what, String detail) {}

    static Journey of(
            Journeys.Run run,
            List<ContactsApi.JournalEntry> journal,
            List<Journeys.Touch> touches,
            List<Journeys.Reply> replies) {
        String id = run.enrollmentId();
        List<Moment> moments = new ArrayList<>();
        journal.stream()
                .filter(entry -> id.equals(entry.enrollmentId()))
                .forEach(entry -> moments.add(new Moment(
                        entry.at(),
                        "journal",
                        "step " + entry.stepNumber() + " " + entry.decision(),
                        (entry.reasons().isEmpty() ? "" : "because " + String.join(", ", entry.reasons()))
                                + (entry.fireAt() == null ? "" : " → fires " + entry.fireAt()))));
        touches.stream()
                .filter(touch -> id.equals(touch.enrollmentId()))
                .forEach(touch -> moments.add(new Moment(
                        touch.at(),
                        "touch",
                        "step " + touch.stepNumber() + " " + touch.status() + " · " + touch.channel(),
                        String.join(
                                " · ",
                                List.of(
                                                touch.subject() == null ? "" : touch.subject(),
                                                touch.reason() == null ? "" : touch.reason(),
                                                touch.opened() ? "opened" : "",
                                                touch.clicked() ? "clicked" : "")
                                        .stream()
                                        .filter(part -> !part.isEmpty())
                                        .toList()))));
        replies.stream()
                .filter(reply -> id.equals(reply.enrollmentId()))
                .forEach(reply -> moments.add(new Moment(
                        reply.at(),
                        "reply",
                        "reply: " + reply.label(),
                        "person".equals(reply.decidedBy())
                                ? "labelled by a person"
                                : Math.round(reply.confidence() * 100) + "% sure (" + reply.decidedBy() + ")")));
        moments.sort(Comparator.comparing(Moment::at, Comparator.nullsLast(Comparator.naturalOrder())));
        return new Journey(run, moments);
    }
}
