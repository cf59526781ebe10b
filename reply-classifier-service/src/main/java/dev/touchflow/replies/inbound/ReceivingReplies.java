package dev.touchflow.replies.inbound;

import dev.touchflow.platform.outbox.OutboundEvent;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.replies.classify.Classification;
import dev.touchflow.replies.classify.ReplyClassifier;
import dev.touchflow.replies.classify.RuleClassifier;
import dev.touchflow.replies.thread.SentMessage;
import dev.touchflow.replies.understand.Bounce;
import dev.touchflow.replies.understand.BounceDetector;
import dev.touchflow.replies.understand.HtmlText;
import dev.touchflow.replies.understand.RawMail;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes an inbound message in: deduplicated by Message-ID (a second delivery of the same message
 * changes nothing), kept raw, understood (its new text, whether a machine sent it, whether it is a
 * bounce), and matched to the touch it answers: by {@code In-Reply-To} and {@code References}
 * against every Message-ID sent, else by the sender's address against the latest touch sent to it.
 * A message that matches nothing is kept as {@code unmatched} and listed, never dropped.
 */
@Service
public class ReceivingReplies {

    private final ReceivedMessages receivedMessages;
    private final MatchingTouches touches;
    private final JsonMapper json;
    private final Clock clock;
    private final ReplyClassifier classifier;
    private final ReplyCounts counts;
    private final ReplyEvents events;
    private final OutboxWriter outbox;

    ReceivingReplies(
            ReceivedMessages receivedMessages,
            MatchingTouches touches,
            JsonMapper json,
            Clock clock,
            ReplyEvents events,
            OutboxWriter outbox,
            ReplyCounts counts,
            @Value("${touchflow.replies.review-threshold:0.6}") double reviewThreshold) {
        this.counts = counts;
        this.receivedMessages = receivedMessages;
        this.touches = touches;
        this.json = json;
        this.clock = clock;
        this.events = events;
        this.outbox = outbox;
        this.classifier = new ReplyClassifier(reviewThreshold);
    }

    /** What became of a received message. */
    public record Receipt(
            UUID id,
            boolean duplicate,
            String status,
            String matchedBy,
            UUID sendId,
            UUID enrollmentId,
            String contactId,
            String label) {}

    public Mono<Receipt> receive(String clientId, InboundEmail email, String source) {
        return receive(
                clientId,
                email,
                source,
                () -> Optional.ofNullable(email.raw())
                        .map(text -> RawMail.parse(text.getBytes(StandardCharsets.UTF_8))));
    }

    /** As above, for a message whose raw bytes were parsed already, as IMAP delivered them; read only if new. */
    public Mono<Receipt> receive(
            String clientId, InboundEmail email, String source, Supplier<Optional<RawMail>> parsed) {
        String messageId = email.messageId();
        // Parsing, bounce detection and classification are CPU work on untrusted text: they run on worker
        // threads, never on the database's or the HTTP server's event loop
        return receivedMessages
                .lockMatching(clientId)
                .then(receivedMessages.existing(clientId, messageId))
                .publishOn(Schedulers.boundedElastic())
                .switchIfEmpty(Mono.defer(() -> {
                    Optional<RawMail> raw = parsed.get();
                    Optional<Bounce> bounce = raw.flatMap(BounceDetector::detect);
                    return touches.match(clientId, email, raw, bounce)
                            .map(Optional::of)
                            .defaultIfEmpty(Optional.empty())
                            .publishOn(Schedulers.boundedElastic())
                            .flatMap(match -> store(clientId, messageId, email, source, bounce, match.orElse(null)));
                }));
    }

    /**
     * A message read before the touch it answers was indexed (the service was still catching up on the
     * sent topic when the mailbox was read, after a restart or an outage) is kept {@code unmatched}; once
     * that touch is indexed, each such message is taken in again, so it is matched and its effect (an
     * unsubscribe, a bounce) published. Only messages received after the touch was sent, give or take a
     * minute of clock difference, and naming its Message-ID or its recipient are taken.
     */
    public Mono<Void> answersTo(SentMessage sent) {
        return receivedMessages
                .lockMatching(sent.clientId())
                .thenMany(receivedMessages.takeUnmatchedAnswering(sent).concatMap(waiting -> {
                    InboundEmail email = waiting.email();
                    // IMAP keeps every byte of the raw message as ISO-8859-1 text; a webhook's is UTF-8
                    Charset charset =
                            "imap".equals(waiting.source()) ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
                    return receive(
                            sent.clientId(),
                            email,
                            waiting.source(),
                            () -> Optional.ofNullable(email.raw()).map(text -> RawMail.parse(text.getBytes(charset))));
                }))
                .then();
    }

    private Mono<Receipt> store(
            String clientId,
            String messageId,
            InboundEmail email,
            String source,
            Optional<Bounce> bounce,
            MatchingTouches.Match match) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        String text = email.text() != null ? email.text() : email.html() != null ? HtmlText.of(email.html()) : "";
        LocalDate received = LocalDate.ofInstant(email.date() == null ? now : email.date(), ZoneOffset.UTC);
        // The raw message's report parts are the surest reading of a bounce or a complaint
        Classification classification = bounce.map(Classification::of)
                .orElseGet(() -> classifier.classify(
                        new RuleClassifier.Message(email.from(), email.subject(), email.headers(), text, received)));
        String status = match == null ? "unmatched" : classification.decided() ? "classified" : "needs_review";
        String decidedBy =
                classification.decided() ? (classification.reason().startsWith("the model") ? "model" : "rules") : null;
        // A matched reply nothing could label is published too, as needs_review: it holds the contact's
        // sequence until a person labels it (a missed opt-out must not be followed by another touch)
        OutboundEvent event = match != null
                ? events.classified(
                        id,
                        clientId,
                        match.sent().contactId(),
                        match.sent().correlationId(),
                        match.sent().enrollmentId(),
                        match.sent().messageId(),
                        classification,
                        decidedBy == null ? "nobody" : decidedBy,
                        null)
                : null;
        ReceivedMessages.Taken taken = new ReceivedMessages.Taken(
                id,
                clientId,
                messageId,
                source,
                email,
                text,
                now,
                classification,
                match,
                status,
                decidedBy,
                event == null ? null : event.header().getEventId());
        return receivedMessages
                .insert(taken)
                .flatMap(inserted -> inserted
                        ? (event == null
                                        ? Mono.<Void>empty()
                                        : outbox.append(
                                                event.continuing(match.sent().traceparent())))
                                .doOnSuccess(appended -> counts.taken(status, classification.label(), decidedBy))
                                .then(Mono.just(new Receipt(
                                        id,
                                        false,
                                        status,
                                        match == null ? null : match.by(),
                                        match == null ? null : match.sent().sendId(),
                                        match == null ? null : match.sent().enrollmentId(),
                                        match == null ? null : match.sent().contactId(),
                                        classification.label())))
                        : receivedMessages.existing(clientId, messageId));
    }
}
