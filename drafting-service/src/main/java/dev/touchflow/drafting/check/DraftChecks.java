package dev.touchflow.drafting.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks every draft passes before a person sees it. Each returns a verdict with a detail a
 * person can act on; a failed check holds the draft as needs_attention, it never passes silently.
 *
 * <ul>
 *   <li>{@code merge_variables}: no merge variable without a value, and no {@code {{…}}} or
 *       {@code [missing: …]} left in the text (an LLM or a person can leave them too);</li>
 *   <li>{@code channel_limits}: an email has a subject under 150 characters, a LinkedIn
 *       connection note is at most 300 characters, an SMS fits the allowed number of segments
 *       (160/153 GSM-7 characters, 70/67 when it needs UCS-2);</li>
 *   <li>{@code near_duplicate}: the body is not too like one of this contact's earlier touches
 *       (Jaccard similarity of word 3-shingles at or above the threshold);</li>
 *   <li>{@code banned_phrases}: none of the client's banned phrases, whole words, any case.</li>
 * </ul>
 */
public final class DraftChecks {

    public static final int SUBJECT_LIMIT = 150;
    public static final int LINKEDIN_NOTE_LIMIT = 300;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^}]*}}|\\[missing: [^]]*]");
    private final double nearDuplicateThreshold;
    private final int smsMaxSegments;

    public DraftChecks(double nearDuplicateThreshold, int smsMaxSegments) {
        this.nearDuplicateThreshold = nearDuplicateThreshold;
        this.smsMaxSegments = smsMaxSegments;
    }

    public List<CheckResult> run(Candidate candidate) {
        String body = candidate.body() == null ? "" : candidate.body();
        return List.of(
                mergeVariables(candidate, body),
                channelLimits(candidate.channel(), candidate.subject(), body),
                nearDuplicate(body, candidate.earlierTouches()),
                bannedPhrases(candidate.subject(), body, candidate.bannedPhrases()));
    }

    /** The details of the checks that failed. */
    public static List<String> problems(List<CheckResult> results) {
        return results.stream()
                .filter(result -> !result.passed())
                .map(result -> result.check() + ": " + result.detail())
                .toList();
    }

    private static CheckResult mergeVariables(Candidate candidate, String body) {
        Set<String> left = new LinkedHashSet<>();
        for (String text : new String[] {candidate.subject(), body}) {
            if (text != null) {
                Matcher matcher = PLACEHOLDER.matcher(text);
                while (matcher.find()) {
                    left.add(matcher.group());
                }
            }
        }
        if (!candidate.missingVariables().isEmpty()) {
            return CheckResult.fail(
                    "merge_variables", "no value for " + String.join(", ", candidate.missingVariables()));
        }
        if (!left.isEmpty()) {
            return CheckResult.fail("merge_variables", "unresolved placeholders " + String.join(", ", left));
        }
        return CheckResult.pass("merge_variables", "every merge variable has a value");
    }

    CheckResult channelLimits(String channel, String subject, String body) {
        if (body.isBlank()) {
            return CheckResult.fail("channel_limits", "the body is empty");
        }
        return switch (channel) {
            case "email" ->
                subject == null || subject.isBlank()
                        ? CheckResult.fail("channel_limits", "an email needs a subject")
                        : subject.length() >= SUBJECT_LIMIT
                                ? CheckResult.fail(
                                        "channel_limits",
                                        "the subject is " + subject.length() + " characters; it must be under "
                                                + SUBJECT_LIMIT)
                                : CheckResult.pass("channel_limits", "subject " + subject.length() + " characters");
            case "linkedin" ->
                body.length() > LINKEDIN_NOTE_LIMIT
                        ? CheckResult.fail(
                                "channel_limits",
                                "a LinkedIn connection note is at most " + LINKEDIN_NOTE_LIMIT + " characters; this is "
                                        + body.length())
                        : CheckResult.pass(
                                "channel_limits", body.length() + " of " + LINKEDIN_NOTE_LIMIT + " characters");
            case "sms" -> {
                SmsSegments segments = SmsSegments.of(body);
                String detail = segments.count() + " segment" + (segments.count() == 1 ? "" : "s") + " ("
                        + segments.encoding() + ")";
                yield segments.count() > smsMaxSegments
                        ? CheckResult.fail("channel_limits", detail + "; at most " + smsMaxSegments + " allowed")
                        : CheckResult.pass("channel_limits", detail);
            }
            default -> CheckResult.pass("channel_limits", "no length limit for " + channel);
        };
    }

    private CheckResult nearDuplicate(String body, List<Candidate.EarlierTouch> earlier) {
        Set<String> shingles = shingles(body);
        double worst = 0;
        String like = null;
        for (Candidate.EarlierTouch touch : earlier) {
            double similarity = jaccard(shingles, shingles(touch.body()));
            if (similarity > worst) {
                worst = similarity;
                like = touch.label();
            }
        }
        String percent = Math.round(worst * 100) + "%";
        if (like != null && worst >= nearDuplicateThreshold) {
            return CheckResult.fail(
                    "near_duplicate",
                    percent + " like " + like + "; the limit is " + Math.round(nearDuplicateThreshold * 100) + "%");
        }
        return CheckResult.pass(
                "near_duplicate",
                earlier.isEmpty() ? "no earlier touches" : "at most " + percent + " like an earlier touch");
    }

    /** The set of three-word sequences of a text, lower-cased, punctuation ignored. */
    static Set<String> shingles(String text) {
        String[] words = text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\s]", " ")
                .trim()
                .split("\\s+");
        Set<String> shingles = new HashSet<>();
        if (words.length < 3) {
            shingles.add(String.join(" ", words));
            return shingles;
        }
        for (int i = 0; i + 3 <= words.length; i++) {
            shingles.add(words[i] + " " + words[i + 1] + " " + words[i + 2]);
        }
        return shingles;
    }

    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        Set<String> common = new HashSet<>(a);
        common.retainAll(b);
        return (double) common.size() / union.size();
    }

    private static CheckResult bannedPhrases(String subject, String body, List<String> banned) {
        String text = ((subject == null ? "" : subject) + "\n" + body).toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        for (String phrase : banned) {
            Pattern pattern = Pattern.compile(
                    "(?<![\\p{L}\\p{N}])" + Pattern.quote(phrase.toLowerCase(Locale.ROOT)) + "(?![\\p{L}\\p{N}])");
            if (pattern.matcher(text).find()) {
                found.add("\"" + phrase + "\"");
            }
        }
        return found.isEmpty()
                ? CheckResult.pass(
                        "banned_phrases",
                        banned.isEmpty()
                                ? "the client bans no phrases"
                                : "none of " + banned.size() + " banned phrases")
                : CheckResult.fail("banned_phrases", "contains " + String.join(", ", found));
    }
}
