package dev.touchflow.replies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.replies.inbound.InboundEmail;
import dev.touchflow.replies.inbound.ReceivingReplies;
import dev.touchflow.replies.thread.IndexingSentMessages;
import dev.touchflow.replies.thread.SentMessages;
import dev.touchflow.schemas.dispatch.TouchFailed;
import dev.touchflow.schemas.replies.ReplyClassified;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** A reply and its touch may arrive in either order, or together; the reply is matched and published once either way. */
class MatchingOrderIT extends InboundServiceTest {

    @Test
    void aReplyReadBeforeItsTouchIsIndexedIsMatchedAndPublishedOnceTheTouchIs() {
        // The reply is read first: the service has not yet consumed the TouchSent it answers (a restart,
        // an outage: the sent topic and the mailbox are read independently)
        String contact = "early-" + UUID.randomUUID().toString().substring(0, 8);
        String messageId = "<" + UUID.randomUUID() + "@touchflow.local>";
        UUID enrollment = UUID.randomUUID();
        String replyId = "<stop-" + contact + "@acme.example>";
        byte[] stop = reply(
                contact + "@acme.example",
                "Re: An idea",
                Instant.now().toString(),
                "Please remove me from your list.",
                Map.of("Message-ID", replyId, "In-Reply-To", messageId));
        post(stop, signed(stop))
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("unmatched");

        // Then the touch is indexed: the opt-out is matched to it and published, once
        sent(contact, messageId, enrollment);

        ReplyClassified published = await().atMost(Duration.ofSeconds(30))
                .until(() -> classified(contact), list -> !list.isEmpty())
                .get(0);
        assertThat(published.getLabel()).isEqualTo("unsubscribe");
        assertThat(published.getEnrollmentId()).isEqualTo(enrollment.toString());
        assertThat(published.getInReplyTo()).isEqualTo(messageId);
        assertThat(count("message_id = '" + replyId + "' AND status = 'classified' AND matched_by = 'thread'"))
                .isEqualTo(1);
        assertThat(count("message_id = '" + replyId + "'")).isEqualTo(1);
        // A later touch to the same address takes nothing in again (it is indexed in the same transaction
        // that would have): the matched reply keeps its row
        UUID stored = db.sql("SELECT id FROM received_messages WHERE message_id = :id")
                .bind("id", replyId)
                .map(row -> row.get("id", UUID.class))
                .one()
                .block();
        String later = "<" + UUID.randomUUID() + "@touchflow.local>";
        sent(contact, later, enrollment);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http().get()
                                .uri("/api/v1/sent-messages?message_id={id}", later)
                                .exchange()
                                .returnResult(String.class)
                                .getStatus()
                                .value()
                        == 200);
        assertThat(db.sql("SELECT id FROM received_messages WHERE message_id = :id")
                        .bind("id", replyId)
                        .map(row -> row.get("id", UUID.class))
                        .one()
                        .block())
                .isEqualTo(stored);
    }

    @Test
    void aReplyReadWhileItsTouchIsBeingIndexedIsMatchedWhicheverCommitsFirst(
            @Autowired IndexingSentMessages index,
            @Autowired SentMessages sent,
            @Autowired ReceivingReplies receiving,
            @Autowired TransactionalOperator transactions)
            throws Exception {
        String contact = "racing-" + UUID.randomUUID().toString().substring(0, 8);
        String messageId = "<" + UUID.randomUUID() + "@touchflow.local>";
        String replyId = "<stop-" + contact + "@acme.example>";
        // Given the touch being indexed: its transaction has looked for replies waiting for it, found none,
        // and has not committed yet
        CountDownLatch lookedForWaiting = new CountDownLatch(1);
        CompletableFuture<Void> commit = new CompletableFuture<>();
        CompletableFuture<Void> indexed = transactions
                .transactional(index.on(dispatchEvent(contact, touchSent(contact, messageId, UUID.randomUUID())))
                        .flatMap(sent::find)
                        .flatMap(receiving::answersTo)
                        .then(Mono.fromRunnable(lookedForWaiting::countDown))
                        .then(Mono.fromFuture(commit)))
                .toFuture();
        assertThat(lookedForWaiting.await(30, TimeUnit.SECONDS)).isTrue();

        // When the opt-out answering it is read meanwhile
        InboundEmail stop = new InboundEmail(
                contact + "@acme.example",
                "justin@b2bea.example",
                "Re: An idea",
                Instant.now(),
                Map.of("Message-ID", replyId, "In-Reply-To", messageId),
                "Please remove me from your list.",
                null,
                null);
        CompletableFuture<ReceivingReplies.Receipt> read = transactions
                .transactional(receiving.receive("b2bea", stop, "webhook"))
                .toFuture();

        // Then it waits for the indexing to end (matched against a row not yet committed, it would be kept
        // unmatched, and the indexing has already looked), and is matched once it has
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        db.sql("""
                SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'""").map(row -> row.get("n", Long.class)).one().block() == 1);
        commit.complete(null);
        indexed.get(30, TimeUnit.SECONDS);
        assertThat(read.get(30, TimeUnit.SECONDS).matchedBy()).isEqualTo("thread");
        assertThat(count("message_id = '" + replyId + "' AND status <> 'unmatched'"))
                .isEqualTo(1);
    }

    @Test
    void anOptOutAnsweringATouchThatMayHaveLeftTakesEffectReadBeforeOrAfterIt() {
        // Dispatch died while the server was taking the touch: the send is unknown (never resent), yet
        // the contact got it and asks to stop. The reply is an answer to that touch all the same.
        String before = "maybe-" + UUID.randomUUID().toString().substring(0, 8);
        String after = "maybe-" + UUID.randomUUID().toString().substring(0, 8);
        String beforeId = "<" + UUID.randomUUID() + "@touchflow.local>";
        String afterId = "<" + UUID.randomUUID() + "@touchflow.local>";
        UUID beforeEnrollment = UUID.randomUUID();
        UUID afterEnrollment = UUID.randomUUID();

        byte[] early = stopReply(before, beforeId);
        post(early, signed(early))
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("unmatched");
        mayHaveLeft(before, beforeId, beforeEnrollment);
        mayHaveLeft(after, afterId, afterEnrollment);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http().get()
                                .uri("/api/v1/sent-messages?message_id={id}", afterId)
                                .exchange()
                                .returnResult(String.class)
                                .getStatus()
                                .value()
                        == 200);
        byte[] late = stopReply(after, afterId);
        post(late, signed(late))
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("classified");

        for (String contact : List.of(before, after)) {
            ReplyClassified published = await().atMost(Duration.ofSeconds(30))
                    .until(() -> classified(contact), list -> !list.isEmpty())
                    .get(0);
            assertThat(published.getLabel()).isEqualTo("unsubscribe");
            assertThat(published.getEnrollmentId())
                    .isEqualTo((contact.equals(before) ? beforeEnrollment : afterEnrollment).toString());
        }
        // a failure that could not have left (refused, given up) is no touch a reply answers
        String refusedId = "<" + UUID.randomUUID() + "@touchflow.local>";
        publishSent(
                after,
                failure(after, afterEnrollment, refusedId, "550 no such user")
                        .setPermanent(true)
                        .setAt(Instant.now())
                        .build());
        String witness = "<" + UUID.randomUUID() + "@touchflow.local>";
        mayHaveLeft(after, witness, afterEnrollment);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http().get()
                                .uri("/api/v1/sent-messages?message_id={id}", witness)
                                .exchange()
                                .returnResult(String.class)
                                .getStatus()
                                .value()
                        == 200);
        http().get()
                .uri("/api/v1/sent-messages?message_id={id}", refusedId)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    private byte[] stopReply(String contact, String inReplyTo) {
        return reply(
                contact + "@acme.example",
                "Re: An idea",
                Instant.now().toString(),
                "Please remove me from your list.",
                Map.of("Message-ID", "<stop-" + contact + "@acme.example>", "In-Reply-To", inReplyTo));
    }

    private void mayHaveLeft(String contact, String messageId, UUID enrollment) {
        publishSent(
                contact,
                failure(
                                contact,
                                enrollment,
                                messageId,
                                "interrupted while handing the message to the server; not resent automatically")
                        .setPermanent(false)
                        .setMayHaveLeft(true)
                        .setChannel("email")
                        .setFromAddress("justin@b2bea.example")
                        .setAt(Instant.now().minusSeconds(5))
                        .build());
    }

    /** A failed send of the contact's step 2, with this Message-ID and reason. */
    private static TouchFailed.Builder failure(String contact, UUID enrollment, String messageId, String reason) {
        return TouchFailed.newBuilder()
                .setSendId(UUID.randomUUID().toString())
                .setDraftId(UUID.randomUUID().toString())
                .setEnrollmentId(enrollment.toString())
                .setStepNumber(2)
                .setReason(reason)
                .setMessageId(messageId)
                .setCampaignSlug("b2bea_membership_close")
                .setToId(contact + "@acme.example");
    }
}
