package dev.touchflow.replies.understand;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 3464 delivery report's {@code message/delivery-status} parts: per recipient, its
 * {@code Action}, {@code Status}, {@code Final-Recipient} and {@code Original-Recipient}.
 */
final class DeliveryStatusReports {

    /** An enhanced status code (RFC 3463). */
    static final Pattern STATUS = Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");
    /** Words of a failure that may pass: a full mailbox, a delay, a rate limit. */
    static final Pattern SOFT_TEXT = Pattern.compile(
            "mailbox (is )?full|over quota|quota exceeded|exceeded (the )?(storage|quota)|insufficient storage|"
                    + "temporar|try again later|will (be )?retr|not yet been delivered|delayed|deferred|"
                    + "greylist|rate limit|too many (connections|messages)",
            Pattern.CASE_INSENSITIVE);

    private DeliveryStatusReports() {}

    /** The report's bounce, the hard failure first; its recipient is null when no block names one. */
    static Optional<Bounce> read(RawMail mail) {
        String bestKind = null;
        String recipient = null;
        String status = null;
        for (String report : mail.deliveryStatus()) {
            for (String block : report.replace("\r", "").split("\\n\\s*\\n")) {
                String action = field(block, "Action");
                String code = field(block, "Status");
                String finalRecipient = BounceDetector.address(field(block, "Final-Recipient"));
                String original = BounceDetector.address(field(block, "Original-Recipient"));
                if (action == null && code == null) {
                    continue;
                }
                String kind = kind(action, code, block);
                if (kind == null) {
                    continue;
                }
                if (bestKind == null || "hard".equals(kind) && !"hard".equals(bestKind)) {
                    bestKind = kind;
                    recipient = original != null ? original : finalRecipient;
                    status = statusOf(code);
                }
            }
        }
        return bestKind == null ? Optional.empty() : Optional.of(new Bounce(bestKind, recipient, status, "dsn"));
    }

    private static String kind(String action, String code, String block) {
        String act = action == null ? "" : action.toLowerCase(Locale.ROOT);
        if (act.startsWith("delivered") || act.startsWith("relayed") || act.startsWith("expanded")) {
            return null;
        }
        if (act.startsWith("delayed")) {
            return "soft";
        }
        String status = statusOf(code);
        if (status != null) {
            return status.startsWith("5") ? "hard" : status.startsWith("4") ? "soft" : null;
        }
        return SOFT_TEXT.matcher(block).find() ? "soft" : "hard";
    }

    static String field(String block, String name) {
        Matcher matcher = Pattern.compile("(?im)^" + Pattern.quote(name) + "\\s*:\\s*(.+)$")
                .matcher(block);
        return matcher.find() ? matcher.group(1).strip() : null;
    }

    static String statusOf(String code) {
        if (code == null) {
            return null;
        }
        Matcher matcher = STATUS.matcher(code);
        return matcher.find() ? matcher.group() : null;
    }
}
