package dev.touchflow.local.bench;

import dev.touchflow.local.CommandOptions;
import dev.touchflow.replies.classify.ReplyClassifier;
import dev.touchflow.replies.classify.RuleClassifier;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./touchflow bench classify}: how many replies one thread classifies a second (rules, the
 * seed-averaged model, opt-out cues, return dates and referrals), over a fixed mix of replies in the
 * eight languages with their quoted originals and signatures, as the service receives them. One
 * thread is one core's worth. Prints one JSON object.
 */
public final class ClassifyBench {

    private static final String QUOTED =
            "\n\nBest,\nDana\n\nOn Tue, May 12, 2026 at 9:00 AM Justin <justin@b2bea.example> wrote:\n"
                    + "> Hi Dana,\n> B2B eCommerce World is back in Berlin this autumn with 140 exhibitors.\n"
                    + "> Would a stand be of interest?\n> To stop receiving these emails, unsubscribe here: https://b2bea.example/u/x\n";
    private static final List<String> REPLIES = List.of(
            "Yes, please send over the deck and the prices for a 3x3 stand.",
            "Does Thursday at 2pm work for a quick call?",
            "Is the membership fee per company or per person?",
            "I'm not the right person, please write to purchasing@example.com.",
            "Not now, try me again after the summer.",
            "No thanks, we're happy with our current provider.",
            "Please remove me from your mailing list.",
            "Ich bin bis einschließlich 22. Mai nicht im Büro.",
            "Merci, mais je vous prie de ne plus m'écrire.",
            "Gracias, pero ya trabajamos con otro proveedor.",
            "Mi interessa, mandatemi il listino.",
            "Stuur me graag meer informatie over de beurs.",
            "Proszę o ofertę dla dwóch osób.",
            "Depois do Carnaval falamos.");

    private ClassifyBench() {}

    public static void main(String[] args) {
        long replies = CommandOptions.parse(List.of(args), Set.of("--replies")).whole("--replies", 50_000);
        System.out.println(run(Math.toIntExact(replies)));
    }

    static String run(int replies) {
        ReplyClassifier classifier = new ReplyClassifier(0.6);
        LocalDate received = LocalDate.of(2026, 5, 13);
        List<RuleClassifier.Message> messages = REPLIES.stream()
                .map(text -> new RuleClassifier.Message(
                        "dana@example.org", "Re: B2B eCommerce World", Map.of(), text + QUOTED, received))
                .toList();
        for (int i = 0; i < Math.min(replies, 5_000); i++) {
            classifier.classify(messages.get(i % messages.size()));
        }
        int decided = 0;
        long start = System.nanoTime();
        for (int i = 0; i < replies; i++) {
            decided += classifier.classify(messages.get(i % messages.size())).decided() ? 1 : 0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(
                Locale.ROOT,
                "{\"replies\": %d, \"threads\": 1, \"seconds\": %.2f, "
                        + "\"replies_per_s_per_core\": %.0f, \"decided\": %d}",
                replies,
                seconds,
                replies / seconds,
                decided);
    }
}
