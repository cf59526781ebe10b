package dev.touchflow.replies.classify;

import dev.touchflow.replies.understand.Addresses;
import dev.touchflow.replies.understand.Referrals;
import dev.touchflow.replies.understand.ReplyText;
import dev.touchflow.replies.understand.ReturnDates;
import java.util.Locale;

/**
 * Rules first, where they are certain; the statistical model for the rest; and below the confidence
 * threshold no label at all, so a person decides. A later or out_of_office reply carries its return
 * date, a referral the address it points to.
 */
public final class ReplyClassifier {

    private final RuleClassifier rules = new RuleClassifier();
    private final ReplyModel model;
    private final double threshold;

    public ReplyClassifier(double threshold) {
        this.model = ReplyModel.trained();
        this.threshold = threshold;
    }

    public Classification classify(RuleClassifier.Message message) {
        Classification certain = rules.classify(message);
        if (certain.decided()) {
            return certain;
        }
        String fresh = ReplyText.of(message.body()).fresh();
        if (fresh.isBlank()) {
            fresh = message.subject() == null ? "" : message.subject();
        }
        String sender = Addresses.first(message.from());
        ReplyModel.Guess guess = model.guess(fresh, sender, message.received());
        if (guess.probability() < threshold) {
            return Classification.undecided(String.format(Locale.ROOT, "the model's best guess, %s at %.2f, is below %.2f",
                    guess.label(), guess.probability(), threshold));
        }
        return new Classification(guess.label(), guess.probability(),
                "later".equals(guess.label()) ? ReturnDates.find(fresh, message.received()).orElse(null) : null,
                "referral".equals(guess.label()) ? Referrals.find(fresh, sender).orElse(null) : null,
                "the model");
    }
}
