package dev.touchflow.enrollment.messaging;

import dev.touchflow.enrollment.enrolling.ActingOnReplies;
import dev.touchflow.enrollment.enrolling.EnrollingContacts;
import dev.touchflow.enrollment.enrolling.EnrollmentExits;
import dev.touchflow.enrollment.enrolling.ManagingEnrollments;
import dev.touchflow.enrollment.exit.RoutingExits;
import dev.touchflow.platform.inbox.InboxConsumer;
import dev.touchflow.schemas.engagement.EngagementEvent;
import dev.touchflow.schemas.engagement.Unsubscribed;
import dev.touchflow.schemas.enroll.EnrollContact;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.enrollment.Exited;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.sequencer.SequenceExhausted;
import dev.touchflow.schemas.topics.Topics;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Enroll commands, exhausted sequences, exits and unsubscribes: decode, claim, one call to the use case. */
@Component
class EnrollmentListeners {

    private final InboxConsumer inbox;
    private final EnrollingContacts enrolling;
    private final EnrollmentExits exits;
    private final RoutingExits routing;
    private final ManagingEnrollments managing;
    private final ActingOnReplies replies;

    EnrollmentListeners(
            InboxConsumer inbox,
            EnrollingContacts enrolling,
            EnrollmentExits exits,
            RoutingExits routing,
            ManagingEnrollments managing,
            ActingOnReplies replies) {
        this.replies = replies;
        this.inbox = inbox;
        this.enrolling = enrolling;
        this.exits = exits;
        this.routing = routing;
        this.managing = managing;
    }

    @KafkaListener(
            id = "enrollment.reply-classified",
            topics = Topics.REPLY_CLASSIFIED,
            idIsGroup = false,
            batch = "true")
    void onReply(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll("enrollment.reply-classified", records, ReplyClassified.class, replies::on);
    }

    @KafkaListener(id = "enrollment.engagement", topics = Topics.ENGAGEMENT, idIsGroup = false, batch = "true")
    void onEngagement(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll(
                "enrollment.engagement",
                records,
                EngagementEvent.class,
                event -> event.getPayload() instanceof Unsubscribed unsubscribed
                        ? managing.unsubscribeContact(
                                event.getHeader().getClientId(),
                                event.getHeader().getContactId(),
                                unsubscribed.getEmail(),
                                event.getHeader())
                        : Mono.empty());
    }

    @KafkaListener(id = "enrollment.enroll", topics = Topics.ENROLL, idIsGroup = false, batch = "true")
    void onEnroll(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll("enrollment.enroll", records, EnrollContact.class, enrolling.enrollingOnePoll()::apply);
    }

    @KafkaListener(
            id = "enrollment.sequence-exhausted",
            topics = Topics.SEQUENCE_EXHAUSTED,
            idIsGroup = false,
            batch = "true")
    void onSequencer(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll(
                "enrollment.sequence-exhausted",
                records,
                SequenceExhausted.class,
                exhausted -> exits.exit(
                        UUID.fromString(exhausted.getEnrollmentId()), "no_engagement", exhausted.getHeader()));
    }

    @KafkaListener(id = "enrollment.exit-router", topics = Topics.ENROLLMENT, idIsGroup = false, batch = "true")
    void onEnrollment(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll(
                "enrollment.exit-router",
                records,
                EnrollmentEvent.class,
                event -> event.getPayload() instanceof Exited,
                event -> routing.route((Exited) event.getPayload(), event.getHeader()));
    }
}
