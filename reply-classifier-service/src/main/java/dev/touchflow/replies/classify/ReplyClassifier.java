package dev.touchflow.replies.classify;

import dev.touchflow.replies.understand.Addresses;
import dev.touchflow.replies.understand.Referrals;
import dev.touchflow.replies.understand.ReplyText;
import dev.touchflow.replies.understand.ReturnDates;
import java.util.Locale;
import java.util.Set;

/**
 * Rules first, where they are certain; the statistical model for the rest; and below the confidence
 * threshold no label at all, so a person decides. A later or out_of_office reply carries its return
 * date, a referral the address it points to.
 *
 * <p>A missed opt-out is the costliest mistake, so the model's opt-out probability is read on its own:
 * at {@value #OPT_OUT} or more the reply is an unsubscribe even when another label is likelier (a reply
 * that declines and asks to stop is an opt-out) provided it has an opt-out's words ({@link OptOutCues}),
 * and at {@value #OPT_OUT_ALONE} or more without them (the words are a list; the model reads phrasings
 * no list has, such as "the next mail goes to our legal department");
 * and a positive label the model gives while it still sees an opt-out at {@value #OPT_OUT_DOUBT} or more
 * ({@value #OPT_OUT_DOUBT_WITH_CUE} with an opt-out's words that are not a wish to stay) goes to a person
 * instead, as does a reply
 * read as an opt-out that also asks to stay ("don't take me off, send me the programme").
 */
public final class ReplyClassifier {

    /** The model's opt-out probability from which a reply is an unsubscribe, whatever else it says. */
    static final double OPT_OUT = 0.25;
    /** The model's opt-out probability from which a reply is an unsubscribe without an opt-out's words. */
    static final double OPT_OUT_ALONE = 0.9;
    /** The opt-out probability at which a positive guess is not trusted. */
    static final double OPT_OUT_DOUBT = 0.15;
    /** The same, for a reply that has an opt-out's words ("don't send me anything else"). */
    static final double OPT_OUT_DOUBT_WITH_CUE = 0.02;

    private static final Set<String> POSITIVE = Set.of("interested", "meeting_request");

    private final RuleClassifier rules = new RuleClassifier();
    private final ReplyModel model;
    private final double threshold;

    public ReplyClassifier(double threshold) {
        this(ReplyModel.trained(), threshold);
    }

    ReplyClassifier(ReplyModel model, double threshold) {
        this.model = model;
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
        double optOut = guess.unsubscribe();
        // below the lowest bar the words change nothing, so most replies skip reading them
        boolean optOutWords = optOut >= OPT_OUT_DOUBT_WITH_CUE && OptOutCues.present(fresh);
        boolean staying = optOut >= OPT_OUT_DOUBT_WITH_CUE && OptOutCues.asksToStay(fresh);
        if (optOut >= OPT_OUT && optOutWords && staying) {
            return Classification.undecided(String.format(
                    Locale.ROOT, "the model reads an opt-out at %.2f, " + "but the reply also asks to stay", optOut));
        }
        if (optOut >= OPT_OUT && optOutWords || optOut >= OPT_OUT_ALONE && !staying) {
            return new Classification(
                    "unsubscribe",
                    optOut,
                    null,
                    null,
                    String.format(Locale.ROOT, "the model reads an opt-out at %.2f", optOut));
        }
        if (guess.probability() < threshold) {
            return Classification.undecided(String.format(
                    Locale.ROOT,
                    "the model's best guess, %s at %.2f, is below %.2f",
                    guess.label(),
                    guess.probability(),
                    threshold));
        }
        if (POSITIVE.contains(guess.label())
                && (optOut >= OPT_OUT_DOUBT || optOut >= OPT_OUT_DOUBT_WITH_CUE && optOutWords && !staying)) {
            return Classification.undecided(String.format(
                    Locale.ROOT,
                    "the model's best guess is %s at %.2f, " + "but it reads an opt-out at %.2f",
                    guess.label(),
                    guess.probability(),
                    optOut));
        }
        return new Classification(
                guess.label(),
                guess.probability(),
                "later".equals(guess.label())
                        ? ReturnDates.find(fresh, message.received()).orElse(null)
                        : null,
                "referral".equals(guess.label()) ? Referrals.find(fresh, sender).orElse(null) : null,
                "the model");
    }
}
