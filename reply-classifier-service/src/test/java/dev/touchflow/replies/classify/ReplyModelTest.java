package dev.touchflow.replies.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ReplyModelTest {

    @Test
    void theModelTrainedFromOurCorpusTellsClearRepliesApart() {
        ReplyModel model = ReplyModel.trained();
        LocalDate day = LocalDate.of(2026, 3, 4);

        assertThat(model.guess("Please send me the brochure and prices.", "a@x.example", day).label()).isEqualTo("interested");
        assertThat(model.guess("Does Thursday at 2pm work for a call?", "a@x.example", day).label()).isEqualTo("meeting_request");
        assertThat(model.guess("No thanks, not interested.", "a@x.example", day).label()).isEqualTo("not_interested");
        assertThat(model.guess("Wrong person — please write to buyer@x.example instead.", "a@x.example", day).label())
                .isEqualTo("referral");
        assertThat(ReplyModel.trained()).isSameAs(model);
    }
}
