package dev.touchflow.replies.classify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.regex.Pattern;

/**
 * Words without which a reply is not read as an opt-out by the model alone, and words with which it
 * is not read as one without a person.
 *
 * <p>The model's words generalise poorly across languages (in grouped cross-validation it reads "I
 * forwarded your mail to a colleague" in German as an opt-out), so its opt-out probability counts only
 * when the reply has an opt-out's words ({@code classify/opt-out-cues.txt}): an act of stopping,
 * removing, erasing or forgetting; a list, a subscription; no more of something, a last message, not to
 * be written to again; being tired of it, spam, a complaint, a lawyer or a regulator; being left alone.
 * The families are the same in the eight languages; broad on purpose (the model still decides) and
 * stems, so inflections match. Every opt-out in the training corpus and in the held-out sets used so far
 * has one (a test holds that).
 *
 * <p>A reply that asks to stay ({@code classify/stay-cues.txt}: "don't take me off", "keep me posted",
 * "add me to the list", "delete my old address and use this one") while it reads like an opt-out goes
 * to a person: the two together are a person's call.
 */
final class OptOutCues {

    private static final Pattern CUE = cues("/classify/opt-out-cues.txt");
    private static final Pattern STAY = cues("/classify/stay-cues.txt");

    private OptOutCues() {}

    static boolean present(String text) {
        return text != null && CUE.matcher(text).find();
    }

    /** Whether the reply asks to stay on, be kept informed or be added. */
    static boolean asksToStay(String text) {
        return text != null && STAY.matcher(text).find();
    }

    /** One alternation of a list's expressions, each once; lines starting with # are comments. */
    private static Pattern cues(String resource) {
        LinkedHashSet<String> expressions = new LinkedHashSet<>();
        try (InputStream in = OptOutCues.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .forEach(expressions::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Pattern.compile(String.join("|", expressions), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
