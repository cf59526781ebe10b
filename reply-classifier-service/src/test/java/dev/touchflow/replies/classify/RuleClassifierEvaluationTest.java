package dev.touchflow.replies.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.replies.understand.SharedData;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The rules on the 400 labelled replies (read in place, never trained on): what they decide must be
 * right, for the labels where a mistake is most costly nearly always; what they leave undecided goes
 * to the model or a person. Prints the confusion of what was decided.
 */
class RuleClassifierEvaluationTest {

    private static final List<String> CRITICAL = List.of("unsubscribe", "out_of_office", "bounce");

    @Test
    void whatTheRulesDecideIsRight() throws IOException {
        RuleClassifier rules = new RuleClassifier();
        Map<String, Map<String, Integer>> confusion = new TreeMap<>();
        Map<String, int[]> perLabel = new TreeMap<>();
        int decided = 0;
        int records = 0;
        List<String> wrong = new ArrayList<>();
        for (Map<String, Object> record : SharedData.labelledReplies()) {
            records++;
            @SuppressWarnings("unchecked")
            Map<String, String> headers = (Map<String, String>) record.getOrDefault("headers", Map.of());
            Classification result = rules.classify(new RuleClassifier.Message(
                    (String) record.get("from"),
                    (String) record.get("subject"),
                    headers,
                    (String) record.get("body"),
                    OffsetDateTime.parse((String) record.get("received_at")).toLocalDate()));
            String truth = (String) record.get("label");
            perLabel.computeIfAbsent(truth, label -> new int[3])[2]++;
            if (!result.decided()) {
                continue;
            }
            decided++;
            confusion.computeIfAbsent(truth, label -> new TreeMap<>()).merge(result.label(), 1, Integer::sum);
            perLabel.computeIfAbsent(result.label(), label -> new int[3])[0]++;
            if (result.label().equals(truth)) {
                perLabel.get(truth)[1]++;
            } else {
                wrong.add(record.get("id") + ":" + truth + "->" + result.label());
            }
        }
        StringBuilder report =
                new StringBuilder("{\"records\": " + records + ", \"decided\": " + decided + ", \"labels\": {");
        perLabel.forEach((label, counts) -> report.append(String.format(
                Locale.ROOT,
                "\"%s\": {\"predicted\": %d, \"right\": %d, \"in_set\": %d}, ",
                label,
                counts[0],
                counts[1],
                counts[2])));
        report.append("}, \"confusion\": ")
                .append(confusion)
                .append(", \"wrong\": ")
                .append(wrong)
                .append("}");
        System.out.println(report);

        for (String label : CRITICAL) {
            int[] counts = perLabel.getOrDefault(label, new int[3]);
            assertThat(counts[0] == 0 ? 1.0 : (double) counts[1] / counts[0])
                    .as("precision of " + label)
                    .isGreaterThanOrEqualTo(0.98);
        }
        assertThat(confusion.getOrDefault("unsubscribe", Map.of())).doesNotContainKeys("interested", "meeting_request");
    }
}
