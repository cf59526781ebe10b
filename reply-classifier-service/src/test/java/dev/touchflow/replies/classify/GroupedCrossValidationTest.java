package dev.touchflow.replies.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * How well the classifier generalises to phrasings it has not seen: five-fold cross-validation over
 * our own corpus in which a whole group (a message with its rewordings and translations) is either in
 * the training fold or in the test fold, never both. Each fold trains a model from the others and
 * runs the whole classifier (rules, then that model) on its lines. Prints the macro-F1 and each
 * label's figures; the figure is the one README reports beside the shared evaluation set's.
 */
class GroupedCrossValidationTest {

    private static final int FOLDS = 5;
    private static final LocalDate RECEIVED = LocalDate.of(2026, 5, 12);

    @Test
    void wholeGroupsLeftOutOfTrainingAreStillClassifiedWell() {
        List<ReplyModel.Example> corpus = ReplyModel.corpus(Path.of("src/main/training/replies.tsv"));
        List<String> groups = new ArrayList<>(
                new TreeSet<>(corpus.stream().map(ReplyModel.Example::group).toList()));
        Map<String, Map<String, Integer>> confusion = new TreeMap<>();
        for (int fold = 0; fold < FOLDS; fold++) {
            int held = fold;
            List<ReplyModel.Example> training = corpus.stream()
                    .filter(example -> foldOf(groups, example) != held)
                    .toList();
            ReplyClassifier classifier = new ReplyClassifier(ReplyModel.train(training), 0.0);
            for (ReplyModel.Example example : corpus) {
                if (foldOf(groups, example) != held) {
                    continue;
                }
                Classification result = classifier.classify(new RuleClassifier.Message(
                        "someone@example.org", "Re: our spring exhibition", Map.of(), example.text(), RECEIVED));
                confusion
                        .computeIfAbsent(example.label(), label -> new TreeMap<>())
                        .merge(result.decided() ? result.label() : "needs_review", 1, Integer::sum);
            }
        }
        double f1Sum = 0;
        StringBuilder report = new StringBuilder(
                "{\"examples\": " + corpus.size() + ", \"groups\": " + groups.size() + ", \"per_label\": {");
        for (String label : confusion.keySet()) {
            int right = confusion.get(label).getOrDefault(label, 0);
            int predicted = confusion.values().stream()
                    .mapToInt(row -> row.getOrDefault(label, 0))
                    .sum();
            int actual = confusion.get(label).values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
            double precision = predicted == 0 ? 0 : (double) right / predicted;
            double recall = (double) right / actual;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            f1Sum += f1;
            report.append(String.format(
                    Locale.ROOT,
                    "\"%s\": {\"precision\": %.3f, \"recall\": %.3f, \"f1\": %.3f}, ",
                    label,
                    precision,
                    recall,
                    f1));
        }
        double macroF1 = f1Sum / confusion.size();
        System.out.println(report.append(String.format(
                Locale.ROOT, "}, \"grouped_cv_macro_f1\": %.3f, \"confusion\": %s}", macroF1, confusion)));

        List<String> optOutsCalledPositive = List.of("interested", "meeting_request").stream()
                .filter(label -> confusion.getOrDefault("unsubscribe", Map.of()).containsKey(label))
                .toList();
        assertThat(optOutsCalledPositive)
                .as("opt-outs labelled positive in a held-out fold")
                .isEmpty();
        // Measured 0.838; the goal is 0.88 (README, "Replies"): this holds what is reached, so it only rises
        assertThat(macroF1).as("grouped cross-validation macro-F1").isGreaterThanOrEqualTo(0.82);
    }

    /** Groups go to folds in turn, in name order, so every fold holds whole groups and the split never changes. */
    private static int foldOf(List<String> groups, ReplyModel.Example example) {
        return Collections.binarySearch(groups, example.group()) % FOLDS;
    }
}
