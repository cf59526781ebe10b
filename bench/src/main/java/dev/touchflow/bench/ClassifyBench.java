package dev.touchflow.bench;

import dev.touchflow.local.CommandOptions;
import dev.touchflow.replies.offline.ClassifyCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./touchflow bench classify}: how many replies one thread classifies a second through the
 * offline command ({@code ./touchflow classify}: JSON in, rules, the seed-averaged model, opt-out
 * cues, return dates and referrals, JSON out), over a fixed mix of replies in the eight languages
 * with their quoted originals and signatures, as the service receives them. One thread is one core's
 * worth. Prints one JSON object.
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

    public static void main(String[] args) throws IOException {
        long replies = CommandOptions.parse(List.of(args), Set.of("--replies")).whole("--replies", 50_000);
        System.out.println(run(Math.toIntExact(replies)));
    }

    static String run(int replies) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < REPLIES.size(); i++) {
            Map<String, String> record = new LinkedHashMap<>();
            record.put("id", "r" + i);
            record.put("from", "dana@example.org");
            record.put("subject", "Re: B2B eCommerce World");
            record.put("received_at", "2026-05-13T09:30:00Z");
            record.put("body", REPLIES.get(i) + QUOTED);
            lines.add(json.writeValueAsString(record));
        }
        classify(lines, Math.min(replies, 5_000));
        long start = System.nanoTime();
        long decided = classify(lines, replies);
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

    /** Classifies this many replies, cycling through the lines; answers how many got a label (not needs_review). */
    private static long classify(List<String> lines, int replies) throws IOException {
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < replies; i++) {
            input.append(lines.get(i % lines.size())).append('\n');
        }
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        ClassifyCommand.run(
                new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8)),
                new PrintStream(answers, false, StandardCharsets.UTF_8));
        return answers.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(answer -> !answer.contains("\"needs_review\"") && !answer.contains("\"error\""))
                .count();
    }
}
