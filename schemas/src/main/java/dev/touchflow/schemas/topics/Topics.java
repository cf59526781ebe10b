package dev.touchflow.schemas.topics;

import dev.touchflow.schemas.campaign.CampaignVersionPublished;
import dev.touchflow.schemas.dispatch.DispatchEvent;
import dev.touchflow.schemas.drafting.ApprovalEvent;
import dev.touchflow.schemas.drafting.DraftRequested;
import dev.touchflow.schemas.drafting.DraftStaged;
import dev.touchflow.schemas.engagement.EngagementEvent;
import dev.touchflow.schemas.enroll.EnrollContact;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.replies.ReplyClassified;
import dev.touchflow.schemas.sequencer.SequenceExhausted;
import dev.touchflow.schemas.sequencer.StepDue;
import java.util.List;
import java.util.Set;

/**
 * Every topic Touchflow reads or writes, spelled out once, with the record its values carry.
 * Every record is keyed by the contact key {@code <client_id>:<contact_id>}.
 */
public final class Topics {

    public static final String MEETING_BOOKED = "touchflow.meeting-booked";
    public static final String PIPELINE_STAGE_CHANGED = "touchflow.pipeline-stage-changed";
    public static final String ENROLL = "touchflow.enroll";
    public static final String ENROLLMENT = "touchflow.enrollment";
    public static final String STEP_DUE = "touchflow.step-due";
    public static final String SEQUENCE_EXHAUSTED = "touchflow.sequence-exhausted";
    public static final String DRAFT_STAGED = "touchflow.draft-staged";
    public static final String APPROVED = "touchflow.approved";
    /** Touches for outside drafting agents to write. */
    public static final String DRAFT_REQUESTED = "touchflow.draft-requested";

    public static final String SENT = "touchflow.sent";
    public static final String REPLY_CLASSIFIED = "touchflow.reply-classified";
    public static final String ENGAGEMENT = "touchflow.engagement";
    /** Compacted, keyed by campaign slug rather than by contact. */
    public static final String CAMPAIGN_VERSIONS = "touchflow.campaign-versions";

    public static final List<AvroTopic> AVRO_TOPICS = List.of(
            new AvroTopic(ENROLL, EnrollContact.class),
            new AvroTopic(ENROLLMENT, EnrollmentEvent.class),
            new AvroTopic(STEP_DUE, StepDue.class),
            new AvroTopic(SEQUENCE_EXHAUSTED, SequenceExhausted.class),
            new AvroTopic(DRAFT_STAGED, DraftStaged.class),
            new AvroTopic(APPROVED, ApprovalEvent.class),
            new AvroTopic(DRAFT_REQUESTED, DraftRequested.class),
            new AvroTopic(SENT, DispatchEvent.class),
            new AvroTopic(REPLY_CLASSIFIED, ReplyClassified.class),
            new AvroTopic(ENGAGEMENT, EngagementEvent.class),
            new AvroTopic(CAMPAIGN_VERSIONS, CampaignVersionPublished.class));

    /** Topics that keep only the latest record per key. */
    public static final Set<String> COMPACTED = Set.of(CAMPAIGN_VERSIONS);

    /** The dead-letter topic of one consumer group for one topic. */
    public static String deadLetter(String topic, String group) {
        return topic + "." + group + ".dlt";
    }

    /** The record key every event of one contact carries. */
    public static String contactKey(String clientId, String contactId) {
        return clientId + ":" + contactId;
    }

    private Topics() {}
}
