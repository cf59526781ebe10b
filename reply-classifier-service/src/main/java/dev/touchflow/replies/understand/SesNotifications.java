package dev.touchflow.replies.understand;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Amazon SES's bounce and complaint notifications, JSON in the message's text. */
final class SesNotifications {

    private SesNotifications() {}

    private static final Pattern SES_TYPE =
            Pattern.compile("\\\\?\"notificationType\\\\?\"\\s*:\\s*\\\\?\"(Bounce|Complaint)");
    private static final Pattern SES_BOUNCE_TYPE = Pattern.compile("\\\\?\"bounceType\\\\?\"\\s*:\\s*\\\\?\"(\\w+)");
    private static final Pattern SES_RECIPIENT =
            Pattern.compile("\\\\?\"emailAddress\\\\?\"\\s*:\\s*\\\\?\"([^\"\\\\]+)");

    /** Amazon SES reports bounces and complaints as JSON notifications. */
    static Optional<Bounce> read(RawMail mail) {
        Matcher type = SES_TYPE.matcher(mail.text());
        if (!type.find()) {
            return Optional.empty();
        }
        Matcher recipient = SES_RECIPIENT.matcher(mail.text());
        String address = recipient.find() ? BounceDetector.address(recipient.group(1)) : null;
        if ("Complaint".equals(type.group(1))) {
            return Optional.of(new Bounce("complaint", address, null, "ses"));
        }
        Matcher bounceType = SES_BOUNCE_TYPE.matcher(mail.text());
        boolean transientBounce = bounceType.find() && "Transient".equals(bounceType.group(1));
        return Optional.of(new Bounce(
                transientBounce ? "soft" : "hard", address, DeliveryStatusReports.statusOf(mail.text()), "ses"));
    }
}
