package dev.touchflow.replies.classify;

import dev.touchflow.replies.understand.Bounce;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a reply is, as far as can be told: one of the labels of LABELS.md with a confidence, or no
 * label when nothing is certain enough (the reply then waits for a person).
 *
 * @param reason      why, in words a person can check
 * @param bounce      for a bounce, what the delivery report says (hard or soft, status, recipient)
 * @param leftCompany for an auto_reply, whether it says the person has left the company
 */
public record Classification(
        String label,
        double confidence,
        LocalDate returnDate,
        String referralEmail,
        String reason,
        Bounce bounce,
        boolean leftCompany) {

    public Classification(String label, double confidence, LocalDate returnDate, String referralEmail, String reason) {
        this(label, confidence, returnDate, referralEmail, reason, null, false);
    }

    public static Classification undecided(String reason) {
        return new Classification(null, 0, null, null, reason);
    }

    /**
     * A delivery report: label bounce, and only a hard one ends the contact's sequences. A complaint
     * (the recipient reported the mail as spam) is an unsubscribe.
     */
    public static Classification of(Bounce bounce) {
        if ("complaint".equals(bounce.kind())) {
            return new Classification(
                    "unsubscribe", 0.97, null, null, "a complaint (" + bounce.source() + ")", bounce, false);
        }
        return new Classification(
                "bounce",
                0.99,
                null,
                null,
                "delivery report (" + bounce.source() + ", " + bounce.kind()
                        + (bounce.status() == null ? "" : " " + bounce.status()) + ")",
                bounce,
                false);
    }

    public boolean decided() {
        return label != null;
    }

    /**
     * The answer a person or script reads: label (or needs_review), confidence, return_date,
     * referral_email; and bounce_kind or left_company where they apply.
     */
    public Map<String, Object> answer() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("label", decided() ? label : "needs_review");
        answer.put("confidence", confidence);
        answer.put("return_date", returnDate == null ? null : returnDate.toString());
        answer.put("referral_email", referralEmail);
        if (bounce != null) {
            answer.put("bounce_kind", bounce.kind());
        }
        if (leftCompany) {
            answer.put("left_company", true);
        }
        return answer;
    }
}
