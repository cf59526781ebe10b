package dev.touchflow.replies.understand;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises delivery failure notices and spam complaints. Certain first: an RFC 3464
 * {@code message/delivery-status} part (per recipient: {@code Action}, {@code Status},
 * {@code Final-Recipient}) or an RFC 5965 feedback report. Then the common non-standard forms: a
 * message from a mailer daemon or postmaster, or with a delivery-failure subject, whose text carries
 * an SMTP reply or the usual failure wording; the failed recipient is taken from
 * {@code X-Failed-Recipients}, the returned original's {@code To}, or the first address the text
 * names near the failure.
 */
public final class BounceDetector {

    private static final Pattern SMTP_REPLY = Pattern.compile("\\b([45])\\d\\d[ -]");
    private static final Pattern DAEMON = Pattern.compile(
            "mailer[-_ ]?daemon|postmaster|mail delivery (sub)?system|mail administrator|mailadmin|"
                    + "delivery[-_ ]status|bounce|mmsmail|notify|nobody@|systemadministrator",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
            "undeliver|returned mail|return(ed)? to sender|delivery (status notification|failure|failed|has failed|problem)|"
                    + "mail delivery failed|failure notice|failed delivery|delivery report|non[- ]?delivery|"
                    + "could not (be )?deliver|message not delivered|warning: could not send|mail system error|"
                    + "unzustellbar|nicht zustellbar|non remis|non distribuable|no se puede entregar|"
                    + "no entregado|não entregue|nao entregue|niedostarczon|onbestelbaar|non recapitabile|"
                    + "mensaje no entregado|undelivered|bounce|rejected|permanent error|delivery notification",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern COMPLAINT_SUBJECT =
            Pattern.compile("complaint about message|abuse report|spam report", Pattern.CASE_INSENSITIVE);
    private static final Pattern FAILURE_TEXT = Pattern.compile(
            "user unknown|unknown user|no such (user|mailbox|address|recipient)|does not exist|doesn't exist|"
                    + "mailbox (unavailable|not found|disabled|full|is full|quota)|recipient (address )?rejected|"
                    + "could not be delivered|couldn't be delivered|cannot be delivered|delivery (to the following )?"
                    + "(recipient|recipients)? ?failed|permanent(ly)? (error|failure|fatal)|undeliverable|"
                    + "address rejected|invalid (recipient|address|mailbox)|account (is )?(disabled|inactive|expired|"
                    + "suspended|has been disabled)|over quota|quota exceeded|exceeded (the )?(storage|quota)|"
                    + "host unknown|domain (not found|does not exist)|relay(ing)? (access )?denied|"
                    + "message (was )?rejected|blocked|spam|retry time|timed? out|not yet been delivered|"
                    + "unrouteable|unroutable|no mx|connection refused|delivery has failed|failed permanently|"
                    + "was not delivered|giving up|could not deliver|message could not|returned to sender|"
                    + "unable to deliver|delivery failure|is not a valid|no longer (active|available|valid)",
            Pattern.CASE_INSENSITIVE);

    private BounceDetector() {}

    public static Optional<Bounce> detect(RawMail mail) {
        if (!mail.feedbackReport().isEmpty() || mail.contentType().contains("report-type=feedback-report")) {
            return Optional.of(new Bounce("complaint", complainant(mail), null, "arf"));
        }
        if (COMPLAINT_SUBJECT.matcher(mail.subject()).find()
                        && mail.from().toLowerCase(Locale.ROOT).contains("staff@hotmail.com")
                || mail.originalHeaders().containsKey("x-hmxmroriginalrecipient")) {
            String reported = address(mail.originalHeaders().get("x-hmxmroriginalrecipient"));
            return Optional.of(
                    new Bounce("complaint", reported != null ? reported : complainant(mail), null, "hotmail"));
        }
        if ("true".equalsIgnoreCase(strip(mail.header("x-apple-unsubscribe")))) {
            // Apple Mail's one-tap unsubscribe, sent to the List-Unsubscribe mailto: stop writing to the sender
            return Optional.of(new Bounce("complaint", address(mail.from()), null, "apple-unsubscribe"));
        }
        Optional<Bounce> dsn = DeliveryStatusReports.read(mail)
                .map(bounce -> bounce.recipient() != null
                        ? bounce
                        : new Bounce(
                                bounce.kind(), fromText(mail, "dsn").recipient(), bounce.status(), bounce.source()));
        if (dsn.isPresent()) {
            return dsn;
        }
        if (mail.contentType().contains("report-type=delivery-status")
                && mail.deliveryStatus().isEmpty()) {
            return Optional.of(fromText(mail, "dsn"));
        }
        boolean daemon = DAEMON.matcher(mail.from()).find() || "<>".equals(strip(mail.header("return-path")));
        boolean subject = BOUNCE_SUBJECT.matcher(mail.subject()).find();
        boolean failure = FAILURE_TEXT.matcher(mail.text()).find() || mail.header("x-failed-recipients") != null;
        Optional<Bounce> ses = SesNotifications.read(mail);
        if (ses.isPresent()) {
            return ses;
        }
        if ((daemon && subject || (daemon || subject) && failure) && !autoReplyOnly(mail, daemon, subject)) {
            return Optional.of(fromText(mail, "text"));
        }
        return Optional.empty();
    }

    /** A vacation notice is an automatic reply from a person's mailbox, not from a mail server. */
    private static boolean autoReplyOnly(RawMail mail, boolean daemon, boolean subject) {
        return !daemon && !subject && mail.header("auto-submitted") != null;
    }

    private static Bounce fromText(RawMail mail, String source) {
        String text = mail.text();
        Matcher status = DeliveryStatusReports.STATUS.matcher(text);
        String code = null;
        while (status.find()) {
            if (!status.group(1).equals("2")) {
                code = status.group();
                break;
            }
        }
        String kind;
        if (code != null) {
            kind = code.startsWith("5") ? "hard" : "soft";
        } else {
            Matcher reply = SMTP_REPLY.matcher(text);
            kind = reply.find() && reply.group(1).equals("4")
                            || DeliveryStatusReports.SOFT_TEXT.matcher(text).find()
                    ? "soft"
                    : "hard";
        }
        return new Bounce(kind, failedRecipient(mail), code, source);
    }

    private static String failedRecipient(RawMail mail) {
        String header = mail.header("x-failed-recipients");
        if (header != null && address(header) != null) {
            return address(header);
        }
        String own = address(mail.header("to"));
        String from = address(mail.from());
        Matcher matcher = Addresses.ADDRESS.matcher(mail.text());
        while (matcher.find()) {
            String candidate = matcher.group().toLowerCase(Locale.ROOT);
            if (!candidate.equals(own)
                    && !candidate.equals(from)
                    && !candidate.startsWith("postmaster@")
                    && !candidate.startsWith("mailer-daemon@")
                    && !candidate.contains("@localhost")) {
                return candidate;
            }
        }
        String originalTo = address(mail.originalHeaders().get("to"));
        return originalTo;
    }

    private static String complainant(RawMail mail) {
        for (String report : mail.feedbackReport()) {
            for (String name : List.of("Original-Rcpt-To", "Removal-Recipient")) {
                String value = address(DeliveryStatusReports.field(report, name));
                if (value != null) {
                    return value;
                }
            }
        }
        String originalTo = address(mail.originalHeaders().get("to"));
        return originalTo != null ? originalTo : failedRecipient(mail);
    }

    static String address(String value) {
        return Addresses.first(value);
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }
}
