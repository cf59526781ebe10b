package dev.touchflow.local.chaos;

import dev.touchflow.local.workload.EnrollmentLookup;
import dev.touchflow.local.workload.Script;
import dev.touchflow.local.workload.ScriptedContact;
import dev.touchflow.local.workload.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Where each contact's script must lead: the exit and the messages they received. */
final class ScriptOutcomes {

    private ScriptOutcomes() {}

    /**
     * The contacts whose enrollments are not (yet) where their script leads, each with what is off. A
     * send that ended {@code unknown} may or may not have reached the contact, so it is counted either way.
     */
    static List<String> stuck(Workload workload, Map<String, Integer> deliveredTo, List<RunTables.SendRow> sends) {
        Map<String, Integer> unknownTo = new HashMap<>();
        sends.stream()
                .filter(send -> "unknown".equals(send.status()))
                .forEach(send -> unknownTo.merge(send.to(), 1, Integer::sum));
        List<String> stuck = new ArrayList<>();
        for (ScriptedContact contact : workload.contacts()) {
            String address = contact.email.toLowerCase(Locale.ROOT);
            int received = deliveredTo.getOrDefault(address, 0);
            Optional<EnrollmentLookup.Row> main = workload.enrollments().latest(contact, workload.mainCampaign());
            String problem = problem(
                    contact.script,
                    main,
                    () -> workload.enrollments().latest(contact, workload.nextCampaign()),
                    received,
                    unknownTo.getOrDefault(address, 0));
            if (problem != null) {
                stuck.add(contact.id + " (" + contact.script + "): " + problem);
            }
        }
        return stuck;
    }

    /**
     * What is off for one contact, or null: its script, its run of the main campaign, its run of the next (read
     * only when needed), the messages delivered to it and those that ended {@code unknown}.
     */
    static String problem(
            Script script,
            Optional<EnrollmentLookup.Row> main,
            Supplier<Optional<EnrollmentLookup.Row>> next,
            int received,
            int unknown) {
        String reason = main.map(EnrollmentLookup.Row::exitReason).orElse(null);
        return switch (script) {
            case PLAIN -> goesOn(main, reason, received, unknown, 2, 2);
            case UNSUBSCRIBE -> expect("unsubscribed", reason, received, unknown, 1, 1);
            case BOUNCE -> expect("bounced", reason, received, unknown, 1, 1);
            case INTERESTED -> {
                String first = expect("converted", reason, received, unknown, 2, 2);
                if (first != null || !"converted".equals(reason)) {
                    yield first;
                }
                Optional<EnrollmentLookup.Row> chained = next.get();
                yield chained.isEmpty()
                        ? "converted but not enrolled in the next campaign"
                        : chained.get().exitReason() != null
                                        && !"no_engagement".equals(chained.get().exitReason())
                                ? "next campaign ended " + chained.get().exitReason()
                                : null;
            }
            case OUT_OF_OFFICE -> goesOn(main, reason, received, unknown, 1, 2);
        };
    }

    /** A contact whose script does not end its run: enrolled, not exited early, with its messages. */
    private static String goesOn(
            Optional<EnrollmentLookup.Row> main, String reason, int received, int unknown, int least, int most) {
        return main.isEmpty()
                ? "never enrolled"
                : reason != null && !"no_engagement".equals(reason)
                        ? "exited " + reason
                        : count(received, unknown, least, most);
    }

    /**
     * The exit the script leads to, with {@code received} delivered and up to {@code unknown} more that may
     * have been. A contact who received nothing while a send to them ended {@code unknown} (cut off by a kill
     * as it was handed over, so it may never have arrived, and it is a person's to resend) had nothing to
     * answer: still running, with no exit, is where their script leads too.
     */
    private static String expect(String exit, String actual, int received, int unknown, int least, int most) {
        if (actual == null && received == 0 && unknown > 0) {
            return null;
        }
        if (!exit.equals(actual)) {
            return "exit " + actual + ", not " + exit;
        }
        return count(received, unknown, least, most);
    }

    private static String count(int received, int unknown, int least, int most) {
        return received + unknown < least || received > most
                ? received + " messages" + (unknown > 0 ? " (and " + unknown + " unknown)" : "") + ", not " + least
                        + (least == most ? "" : "-" + most)
                : null;
    }
}
