package dev.touchflow.local.chaos;

import dev.touchflow.local.workload.EnrollmentLookup;
import dev.touchflow.local.workload.ScriptedContact;
import dev.touchflow.local.workload.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
            int unknown = unknownTo.getOrDefault(address, 0);
            Optional<EnrollmentLookup.Row> main = workload.enrollments().latest(contact, workload.mainCampaign());
            String reason = main.map(EnrollmentLookup.Row::exitReason).orElse(null);
            String problem = switch (contact.script) {
                case PLAIN ->
                    main.isEmpty()
                            ? "never enrolled"
                            : reason != null && !"no_engagement".equals(reason)
                                    ? "exited " + reason
                                    : count(received, unknown, 2, 2);
                case UNSUBSCRIBE -> expect("unsubscribed", reason, received, unknown, 1, 1);
                case BOUNCE -> expect("bounced", reason, received, unknown, 1, 1);
                case INTERESTED -> {
                    Optional<EnrollmentLookup.Row> chained =
                            workload.enrollments().latest(contact, workload.nextCampaign());
                    String first = expect("converted", reason, received, unknown, 2, 2);
                    yield first != null
                            ? first
                            : chained.isEmpty()
                                    ? "converted but not enrolled in the next campaign"
                                    : chained.get().exitReason() != null
                                                    && !"no_engagement"
                                                            .equals(chained.get()
                                                                    .exitReason())
                                            ? "next campaign ended "
                                                    + chained.get().exitReason()
                                            : null;
                }
                case OUT_OF_OFFICE ->
                    main.isEmpty()
                            ? "never enrolled"
                            : reason != null && !"no_engagement".equals(reason)
                                    ? "exited " + reason
                                    : count(received, unknown, 1, 2);
            };
            if (problem != null) {
                stuck.add(contact.id + " (" + contact.script + "): " + problem);
            }
        }
        return stuck;
    }

    /** {@code received} delivered, and up to {@code unknown} more that may have been. */
    private static String expect(String exit, String actual, int received, int unknown, int least, int most) {
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
