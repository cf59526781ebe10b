package dev.touchflow.replies.classify;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The build step that trains the reply model: {@code ReplyModelTraining <corpus.tsv> <model file>}.
 * Maven runs it in process-classes, so the model lands in the jar and every build of the same corpus
 * gives the same model (the trainer's seed is fixed).
 */
public final class ReplyModelTraining {

    private ReplyModelTraining() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ReplyModelTraining <corpus.tsv> <model file>");
        }
        ReplyModel.train(Path.of(args[0])).save(Path.of(args[1]));
    }
}
