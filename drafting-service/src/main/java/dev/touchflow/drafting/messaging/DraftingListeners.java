package dev.touchflow.drafting.messaging;

import dev.touchflow.drafting.draft.StagingDrafts;
import dev.touchflow.drafting.draft.WithdrawingDrafts;
import dev.touchflow.platform.inbox.InboxConsumer;
import dev.touchflow.schemas.enrollment.EnrollmentEvent;
import dev.touchflow.schemas.sequencer.StepDue;
import dev.touchflow.schemas.topics.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
class DraftingListeners {

    private final InboxConsumer inbox;
    private final StagingDrafts staging;
    private final WithdrawingDrafts withdrawing;

    DraftingListeners(InboxConsumer inbox, StagingDrafts staging, WithdrawingDrafts withdrawing) {
        this.inbox = inbox;
        this.staging = staging;
        this.withdrawing = withdrawing;
    }

    @KafkaListener(id = "drafting.step-due", topics = Topics.STEP_DUE, idIsGroup = false, batch = "true")
    void onStepDue(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll("drafting.step-due", records, StepDue.class, staging::stage);
    }

    @KafkaListener(id = "drafting.enrollment", topics = Topics.ENROLLMENT, idIsGroup = false, batch = "true")
    void onEnrollment(List<ConsumerRecord<String, byte[]>> records) {
        inbox.consumeAll(
                "drafting.enrollment", records, EnrollmentEvent.class, WithdrawingDrafts::concerns, withdrawing::on);
    }
}
