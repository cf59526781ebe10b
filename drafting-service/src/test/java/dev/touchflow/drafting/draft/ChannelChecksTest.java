package dev.touchflow.drafting.draft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChannelChecksTest {

    @Test
    void anEmailNeedsASubjectOfAtMost150Characters() {
        assertThat(StagingDrafts.channelProblems("email", null, "body")).containsExactly("an email needs a subject");
        assertThat(StagingDrafts.channelProblems("email", "x".repeat(151), "body"))
                .containsExactly("subject is 151 characters; at most 150");
        assertThat(StagingDrafts.channelProblems("email", "x".repeat(150), "body")).isEmpty();
    }

    @Test
    void aLinkedInNoteIsAtMost300Characters() {
        assertThat(StagingDrafts.channelProblems("linkedin", null, "y".repeat(301)))
                .containsExactly("a LinkedIn note is at most 300 characters; this is 301");
        assertThat(StagingDrafts.channelProblems("linkedin", null, "y".repeat(300))).isEmpty();
    }

    @Test
    void theContentHashChangesWithSubjectOrBodyAndIsStable() {
        String hash = ApprovingDrafts.contentHash("Hello", "Body");

        assertThat(hash).hasSize(64).isEqualTo(ApprovingDrafts.contentHash("Hello", "Body"));
        assertThat(ApprovingDrafts.contentHash("Hello!", "Body")).isNotEqualTo(hash);
        assertThat(ApprovingDrafts.contentHash("HelloB", "ody")).isNotEqualTo(hash);
    }
}
