package dev.touchflow.replies.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyModelTest {

    @Test
    void theModelTrainedFromOurCorpusTellsClearRepliesApart() {
        ReplyModel model = ReplyModel.trained();
        LocalDate day = LocalDate.of(2026, 3, 4);

        assertThat(model.guess("Please send me the brochure and prices.", "a@x.example", day)
                        .label())
                .isEqualTo("interested");
        assertThat(model.guess("Does Thursday at 2pm work for a call?", "a@x.example", day)
                        .label())
                .isEqualTo("meeting_request");
        assertThat(model.guess("No thanks, not interested.", "a@x.example", day).label())
                .isEqualTo("not_interested");
        assertThat(model.guess("Wrong person — please write to buyer@x.example instead.", "a@x.example", day)
                        .label())
                .isEqualTo("referral");
        assertThat(ReplyModel.trained()).isSameAs(model);
    }

    @Test
    void theModelInTheJarIsTheOneTheCorpusTrains() {
        ReplyModel shipped = ReplyModel.trained();
        ReplyModel retrained = ReplyModel.train(Path.of("src/main/training/replies.tsv"));
        LocalDate day = LocalDate.of(2026, 3, 4);
        for (String text : List.of(
                "Send me the price list please.",
                "Circle back in September.",
                "Not me, try ops@x.example.",
                "Is this a paid membership?")) {
            assertThat(retrained.guess(text, "a@x.example", day)).isEqualTo(shipped.guess(text, "a@x.example", day));
        }
    }
}
