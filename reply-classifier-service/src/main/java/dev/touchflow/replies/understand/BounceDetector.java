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

    private static final Pattern STATUS = Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");
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
    private static final Pattern SOFT_TEXT = Pattern.compile(
            "mailbox (is )?full|over quota|quota exceeded|exceeded (the )?(storage|quota)|insufficient storage|"
                    + "temporar|try again later|will (be )?retr|not yet been delivered|delayed|deferred|"
                    + "greylist|rate limit|too many (connections|messages)",
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
        Optional<Bounce> dsn = fromDeliveryStatus(mail);
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
        Optional<Bounce> ses = fromSesNotification(mail);
        if (ses.isPresent()) {
            return ses;
        }
        if ((daemon && subject || (daemon || subject) && failure) && !autoReplyOnly(mail, daemon, subject)) {
            return Optional.of(fromText(mail, "text"));
        }
        return Optional.empty();
    }

    private static final Pattern SES_TYPE =
            Pattern.compile("\\\\?\"notificationType\\\\?\"\\s*:\\s*\\\\?\"(Bounce|Complaint)");
    private static final Pattern SES_BOUNCE_TYPE = Pattern.compile("\\\\?\"bounceType\\\\?\"\\s*:\\s*\\\\?\"(\\w+)");
    private static final Pattern SES_RECIPIENT =
            Pattern.compile("\\\\?\"emailAddress\\\\?\"\\s*:\\s*\\\\?\"([^\"\\\\]+)");

    /** Amazon SES reports bounces and complaints as JSON notifications. */
    private static Optional<Bounce> fromSesNotification(RawMail mail) {
        Matcher type = SES_TYPE.matcher(mail.text());
        if (!type.find()) {
            return Optional.empty();
        }
        Matcher recipient = SES_RECIPIENT.matcher(mail.text());
        String address = recipient.find() ? address(recipient.group(1)) : null;
        if ("Complaint".equals(type.group(1))) {
            return Optional.of(new Bounce("complaint", address, null, "ses"));
        }
        Matcher bounceType = SES_BOUNCE_TYPE.matcher(mail.text());
        boolean transientBounce = bounceType.find() && "Transient".equals(bounceType.group(1));
        return Optional.of(new Bounce(transientBounce ? "soft" : "hard", address, statusOf(mail.text()), "ses"));
    }

    /** A vacation notice is an automatic reply from a person's mailbox, not from a mail server. */
    private static boolean autoReplyOnly(RawMail mail, boolean daemon, boolean subject) {
        return !daemon && !subject && mail.header("auto-submitted") != null;
    }

    private static Optional<Bounce> fromDeliveryStatus(RawMail mail) {
        String bestKind = null;
        String recipient = null;
        String status = null;
        for (String report : mail.deliveryStatus()) {
            for (String block : report.replace("\r", "").split("\\n\\s*\\n")) {
                String action = field(block, "Action");
                String code = field(block, "Status");
                String finalRecipient = address(field(block, "Final-Recipient"));
                String original = address(field(block, "Original-Recipient"));
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
        return bestKind == null
                ? Optional.empty()
                : Optional.of(new Bounce(
                        bestKind,
                        recipient != null ? recipient : fromText(mail, "dsn").recipient(),
                        status,
                        "dsn"));
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

    private static Bounce fromText(RawMail mail, String source) {
        String text = mail.text();
        Matcher status = STATUS.matcher(text);
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
                            || SOFT_TEXT.matcher(text).find()
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
                String value = address(field(report, name));
                if (value != null) {
                    return value;
                }
            }
        }
        String originalTo = address(mail.originalHeaders().get("to"));
        return originalTo != null ? originalTo : failedRecipient(mail);
    }

    private static String field(String block, String name) {
        Matcher matcher = Pattern.compile("(?im)^" + Pattern.quote(name) + "\\s*:\\s*(.+)$")
                .matcher(block);
        return matcher.find() ? matcher.group(1).strip() : null;
    }

    private static String statusOf(String code) {
        if (code == null) {
            return null;
        }
        Matcher matcher = STATUS.matcher(code);
        return matcher.find() ? matcher.group() : null;
    }

    private static String address(String value) {
        return Addresses.first(value);
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }
}
