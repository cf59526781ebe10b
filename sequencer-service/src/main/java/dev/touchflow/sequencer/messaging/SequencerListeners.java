package dev.touchflow.sequencer.messaging;

import dev.touchflow.platform.inbox.InboxConsumer;
import dev.touchflow.schemas.campaign.CampaignVersionPublished;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.sequencer.simulate.CampaignVersions;
import dev.touchflow.sequencer.timer.DeferringForReplies;
import dev.touchflow.sequencer.timer.TrackingEnrollments;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Enrollment lifecycle events, replies that defer a step, and campaign versions kept for simulate. */
@Component
class SequencerListeners {

    private final InboxConsumer inbox;
    private final TrackingEnrollments tracking;
    private final DeferringForReplies replies;
    private final CampaignVersions campaigns;

    SequencerListeners(
            InboxConsumer inbox,
            TrackingEnrollments tracking,
            DeferringForReplies replies,
            CampaignVersions campaigns) {
        this.inbox = inbox;
        this.tracking = tracking;
        this.replies = replies;
        this.campaigns = campaigns;
    }

    /**
     * One consumer per partition by default: each event's statements wait on the database in turn, so
     * partitions taken side by side take enrollments in faster (a campaign launch enrolls thousands at once).
     */
    @KafkaListener(
            id = "sequencer.enrollment",
            topics = Topics.ENROLLMENT,
            idIsGroup = false,
            batch = "true",
            concurrency = "${touchflow.sequencer.enrollment-consumers:3}")
    void onEnrollment(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll("sequencer.enrollment", records, EnrollmentEvent.class, tracking::on);
    }

    @KafkaListener(
            id = "sequencer.reply-classified",
            topics = Topics.REPLY_CLASSIFIED,
            idIsGroup = false,
            batch = "true")
    void onReply(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll("sequencer.reply-classified", records, ReplyClassified.class, replies::on);
    }

    @KafkaListener(
            id = "sequencer.campaign-versions",
            topics = Topics.CAMPAIGN_VERSIONS,
            idIsGroup = false,
            batch = "true")
    void onCampaignVersion(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll("sequencer.campaign-versions", records, CampaignVersionPublished.class, campaigns::keep);
    }
}
