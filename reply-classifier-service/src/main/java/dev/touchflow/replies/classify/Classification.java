package dev.touchflow.replies.classify;

import java.time.LocalDate;

/**
 * What a reply is, as far as can be told: one of the labels of LABELS.md with a confidence, or no
 * label when nothing is certain enough (the reply then waits for a person).
 *
 * @param reason why, in words a person can check
 */
public record Classification(String label, double confidence, LocalDate returnDate, String referralEmail, String reason) {

    public static Classification undecided(String reason) {
        return new Classification(null, 0, null, null, reason);
    }

    public boolean decided() {
        return label != null;
    }

    /** The answer a person or script reads: label (or needs_review), confidence, return_date, referral_email. */
    public java.util.Map<String, Object> answer() {
        java.util.Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("label", decided() ? label : "needs_review");
        answer.put("confidence", confidence);
        answer.put("return_date", returnDate == null ? null : returnDate.toString());
        answer.put("referral_email", referralEmail);
        return answer;
    }
}
