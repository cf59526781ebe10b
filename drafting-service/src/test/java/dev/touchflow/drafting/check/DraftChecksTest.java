package dev.touchflow.drafting.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DraftChecksTest {

    private final DraftChecks checks = new DraftChecks(0.8, 2);

    @Test
    void anEmailNeedsASubjectUnder150Characters() {
        assertThat(checks.channelLimits("email", null, "body"))
                .isEqualTo(CheckResult.fail("channel_limits", "an email needs a subject"));
        assertThat(checks.channelLimits("email", "x".repeat(150), "body"))
                .isEqualTo(CheckResult.fail("channel_limits", "the subject is 150 characters; it must be under 150"));
        assertThat(checks.channelLimits("email", "x".repeat(149), "body").passed())
                .isTrue();
    }

    @Test
    void aLinkedInConnectionNoteIsAtMost300Characters() {
        assertThat(checks.channelLimits("linkedin", null, "y".repeat(301)))
                .isEqualTo(CheckResult.fail(
                        "channel_limits", "a LinkedIn connection note is at most 300 characters; this is 301"));
        assertThat(checks.channelLimits("linkedin", null, "y".repeat(300)).passed())
                .isTrue();
    }

    @Test
    void smsSegmentsCountGsm7SeptetsAndFallBackToUcs2() {
        assertThat(SmsSegments.of("a".repeat(160))).isEqualTo(new SmsSegments("GSM-7", 1));
        assertThat(SmsSegments.of("a".repeat(161))).isEqualTo(new SmsSegments("GSM-7", 2));
        assertThat(SmsSegments.of("a".repeat(306))).isEqualTo(new SmsSegments("GSM-7", 2));
        assertThat(SmsSegments.of("a".repeat(307))).isEqualTo(new SmsSegments("GSM-7", 3));
        // the euro sign takes two septets (escape + code)
        assertThat(SmsSegments.of("€".repeat(80) + "a")).isEqualTo(new SmsSegments("GSM-7", 2));
        // one emoji forces UCS-2: 70 units a single segment, 67 a part
        assertThat(SmsSegments.of("😀" + "a".repeat(68))).isEqualTo(new SmsSegments("UCS-2", 1));
        assertThat(SmsSegments.of("😀" + "a".repeat(69))).isEqualTo(new SmsSegments("UCS-2", 2));

        assertThat(checks.channelLimits("sms", null, "a".repeat(307)))
                .isEqualTo(CheckResult.fail("channel_limits", "3 segments (GSM-7); at most 2 allowed"));
        assertThat(checks.channelLimits("sms", null, "a".repeat(306)))
                .isEqualTo(CheckResult.pass("channel_limits", "2 segments (GSM-7)"));
    }

    @Test
    void aBodyTooLikeAnEarlierTouchIsANearDuplicateAndADifferentOneIsNot() {
        String earlier = "Hi Dana, great to meet you today. As promised, here is access to the B2BEA site and our "
                + "training library. Let me know what you think of the pipeline report.";
        String reworded = "Hi Dana, great to meet you today! As promised, here is access to the B2BEA site and our "
                + "training library. Let me know what you think of the pipeline report. Justin";
        String different = "Dana, I mocked up how Acme would appear in our Q3 credibility report; two peers are in it.";

        List<CheckResult> near = checks.run(candidate(
                "email",
                "Subject",
                reworded,
                List.of(new Candidate.EarlierTouch("step 1 of b2bea_membership_close (approved)", earlier))));
        List<CheckResult> far = checks.run(candidate(
                "email",
                "Subject",
                different,
                List.of(new Candidate.EarlierTouch("step 1 of b2bea_membership_close (approved)", earlier))));

        assertThat(near.get(2).passed()).isFalse();
        assertThat(near.get(2).detail()).startsWith("9").contains("like step 1 of b2bea_membership_close (approved)");
        assertThat(far.get(2).passed()).isTrue();
        assertThat(DraftChecks.jaccard(DraftChecks.shingles(different), DraftChecks.shingles(earlier)))
                .isLessThan(0.1);
    }

    @Test
    void bannedPhrasesMatchWholeWordsInAnyCase() {
        Candidate banned = new Candidate(
                "email",
                "Act now",
                "This is a guaranteed ROI.",
                Set.of(),
                List.of("guaranteed ROI", "act now", "free"),
                List.of());
        Candidate clean = new Candidate(
                "email",
                "Actnowadays",
                "Carefree planning.",
                Set.of(),
                List.of("guaranteed ROI", "act now", "free"),
                List.of());

        assertThat(checks.run(banned).get(3))
                .isEqualTo(CheckResult.fail("banned_phrases", "contains \"guaranteed ROI\", \"act now\""));
        assertThat(checks.run(clean).get(3)).isEqualTo(CheckResult.pass("banned_phrases", "none of 3 banned phrases"));
    }

    @Test
    void missingMergeVariablesAndLeftoverPlaceholdersFail() {
        Candidate missing =
                new Candidate("email", "Hi", "Hi [missing: first_name]", Set.of("first_name"), List.of(), List.of());
        Candidate leftover = new Candidate("email", "Hi {{first_name}}", "Body", Set.of(), List.of(), List.of());

        assertThat(checks.run(missing).get(0))
                .isEqualTo(CheckResult.fail("merge_variables", "no value for first_name"));
        assertThat(checks.run(leftover).get(0))
                .isEqualTo(CheckResult.fail("merge_variables", "unresolved placeholders {{first_name}}"));
        assertThat(DraftChecks.problems(checks.run(leftover)))
                .containsExactly("merge_variables: unresolved placeholders {{first_name}}");
    }

    private static Candidate candidate(
            String channel, String subject, String body, List<Candidate.EarlierTouch> earlier) {
        return new Candidate(channel, subject, body, Set.of(), List.of(), earlier);
    }
}
