package dev.touchflow.replies.classify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The statistical part of classification, for the labels no rule can be sure of (interested,
 * meeting_request, question, referral, later, not_interested, and opt-outs the rules do not know): an
 * average of multinomial logistic regressions (Tribuo, SGD with AdaGrad, fixed seeds) over word unigrams and bigrams of the reply's new text and a
 * few signals (a question mark, a date, a clock time, a weekday, an address, a link). It is trained
 * at build time from Touchflow's own corpus ({@code src/main/resources/training/replies.tsv}) by
 * {@link ReplyModelTraining}, and the service loads the trained model ({@value #MODEL_RESOURCE}) from
 * its jar.
 */
public final class ReplyModel {

    private static final int MEMBERS = 9;
    private static final long SEED = 42L;
    private static final LocalDate TRAINING_DAY = LocalDate.of(2026, 1, 15);

    /** Where the build puts the trained model, on the class path. */
    public static final String MODEL_RESOURCE = "/model/replies.tribuo";

    private static volatile ReplyModel trained;

    private final Model<Label> model;

    private ReplyModel(Model<Label> model) {
        this.model = model;
    }

    /** The model the build trained, read once from the class path. */
    public static ReplyModel trained() {
        ReplyModel model = trained;
        if (model == null) {
            synchronized (ReplyModel.class) {
                if (trained == null) {
                    trained = load();
                }
                model = trained;
            }
        }
        return model;
    }

    @SuppressWarnings("unchecked")
    private static ReplyModel load() {
        try (InputStream in = ReplyModel.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the trained reply model " + MODEL_RESOURCE + " is not on the class path; "
                                + "the build's process-classes phase trains it (./mvnw -pl reply-classifier-service process-classes)");
            }
            return new ReplyModel((Model<Label>) Model.deserializeFromStream(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes this model where {@link #trained()} finds it when the file is on the class path. */
    void save(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        model.serializeToFile(file);
    }

    /**
     * The most likely label other than an opt-out and its probability, and the probability of an opt-out
     * on its own: an opt-out is decided apart (see {@link ReplyClassifier}), so it must neither hide
     * behind a likelier label nor win without its cues.
     */
    public record Guess(String label, double probability, double unsubscribe) {}

    public Guess guess(String freshText, String sender, LocalDate received) {
        Map<String, Double> features = ReplyFeatures.of(freshText, sender, received);
        ArrayExample<Label> example = new ArrayExample<>(
                LabelFactory.UNKNOWN_LABEL,
                features.keySet().toArray(String[]::new),
                features.values().stream().mapToDouble(Double::doubleValue).toArray());
        Prediction<Label> prediction = model.predict(example);
        Label best = prediction.getOutputScores().values().stream()
                .filter(label -> !"unsubscribe".equals(label.getLabel()))
                .max(Comparator.comparingDouble(Label::getScore).thenComparing(Label::getLabel))
                .orElseThrow();
        Label unsubscribe = prediction.getOutputScores().get("unsubscribe");
        return new Guess(best.getLabel(), best.getScore(), unsubscribe == null ? 0 : unsubscribe.getScore());
    }

    /** One line of the training corpus: its label, its text and the group of rewordings it belongs to. */
    public record Example(String label, String text, String group) {}

    /**
     * Reads a corpus of {@code label<TAB>text[<TAB>group]} lines ({@code #} starts a comment, {@code \\n} a
     * line break); a line without a group is a group of its own.
     */
    public static List<Example> corpus(Path corpus) {
        List<Example> examples = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", 3);
                if (fields.length < 2) {
                    throw new IllegalArgumentException(corpus + ":" + number + " has no tab between label and text");
                }
                examples.add(new Example(
                        fields[0], fields[1].replace("\\n", "\n"), fields.length == 3 ? fields[2] : "line-" + number));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return examples;
    }

    /** Trains a model from a corpus file (see {@link #corpus(Path)}). */
    static ReplyModel train(Path corpus) {
        return train(corpus(corpus));
    }

    /**
     * Trains a model from examples; the same examples in the same order always give the same model. The
     * model is {@value #MEMBERS} logistic regressions trained in different orders (seeds), their
     * probabilities averaged: a single SGD run's figures swing by about 0.02 macro-F1 with its seed, the
     * average does not (README, "Replies").
     */
    public static ReplyModel train(List<Example> examples) {
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance(
                        "touchflow-training-replies", OffsetDateTime.parse("2026-01-15T00:00:00Z"), labels),
                labels);
        for (Example example : examples) {
            Map<String, Double> features = ReplyFeatures.of(example.text(), "someone@example.invalid", TRAINING_DAY);
            dataset.add(new ArrayExample<>(
                    new Label(example.label()),
                    features.keySet().toArray(String[]::new),
                    features.values().stream().mapToDouble(Double::doubleValue).toArray()));
        }
        List<Model<Label>> members = new ArrayList<>();
        for (int member = 0; member < MEMBERS; member++) {
            members.add(new LinearSGDTrainer(
                            new LogMulticlass(), new AdaGrad(0.5, 0.1), 40, Integer.MAX_VALUE, 1, SEED + member)
                    .train(dataset));
        }
        return new ReplyModel(WeightedEnsembleModel.createEnsembleFromExistingModels(
                "touchflow-replies", members, new FullyWeightedVotingCombiner()));
    }
}
