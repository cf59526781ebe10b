package dev.touchflow.local.workload;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** The mail a scripted contact writes back: interested, an opt-out, an out-of-office, or their server's bounce. */
final class ContactAnswers {

    /** A session per mail sink port: making one reads Jakarta Mail's provider lists from every jar. */
    private static final Map<Integer, Session> SESSIONS = new ConcurrentHashMap<>();

    private ContactAnswers() {}

    static MimeMessage answer(ScriptedContact contact, String inReplyTo, int smtpPort) throws MessagingException {
        MimeMessage message = new MimeMessage(SESSIONS.computeIfAbsent(smtpPort, port -> {
            Properties settings = new Properties();
            settings.put("mail.smtp.host", "127.0.0.1");
            settings.put("mail.smtp.port", String.valueOf(port));
            return Session.getInstance(settings);
        }));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(Workload.SENDER));
        message.setHeader("In-Reply-To", inReplyTo);
        message.setHeader("References", inReplyTo);
        switch (contact.script) {
            case INTERESTED -> {
                message.setFrom(new InternetAddress(contact.email, false));
                message.setSubject("Re: Step 1 for Dana");
                message.setText("Yes, please send over the deck and the member rates.");
            }
            case UNSUBSCRIBE -> {
                message.setFrom(new InternetAddress(contact.email, false));
                message.setSubject("Re: Step 1 for Dana");
                message.setText("Please remove me from your list.");
            }
            case OUT_OF_OFFICE -> {
                LocalDate back = LocalDate.now(ZoneOffset.UTC)
                        .plusDays(14)
                        .with(TemporalAdjusters.nextOrSame(DayOfWeek.TUESDAY));
                message.setFrom(new InternetAddress(contact.email, false));
                message.setSubject("Out of Office: Step 1 for Dana");
                message.setHeader("Auto-Submitted", "auto-replied");
                message.setText("I am out of the office until "
                        + back.format(DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH))
                        + " with limited access to email.");
            }
            case BOUNCE -> bounce(message, contact, inReplyTo);
            default -> throw new IllegalArgumentException("no answer in script " + contact.script);
        }
        return message;
    }

    /** A delivery status notification (RFC 3464) from the contact's mail server: the mailbox does not exist. */
    private static void bounce(MimeMessage message, ScriptedContact contact, String original)
            throws MessagingException {
        message.setFrom(new InternetAddress("MAILER-DAEMON@mx.acme.example", false));
        message.setSubject("Undelivered Mail Returned to Sender");
        MimeMultipart report = new MimeMultipart("report; report-type=delivery-status");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("This is the mail system at host mx.acme.example.\n\nI'm sorry to have to inform you that your"
                + " message could not be delivered to one or more recipients.\n\n<" + contact.email
                + ">: host mx.acme.example said: 550 5.1.1 <" + contact.email + ">: Recipient address rejected:"
                + " User unknown in virtual mailbox table\n");
        report.addBodyPart(text);
        MimeBodyPart status = new MimeBodyPart();
        status.setContent(
                "Reporting-MTA: dns; mx.acme.example\n\nFinal-Recipient: rfc822; " + contact.email
                        + "\nOriginal-Recipient: rfc822;" + contact.email + "\nAction: failed\nStatus: 5.1.1\n"
                        + "Diagnostic-Code: smtp; 550 5.1.1 <" + contact.email
                        + ">: Recipient address rejected: User unknown\n",
                "message/delivery-status");
        report.addBodyPart(status);
        MimeBodyPart headers = new MimeBodyPart();
        headers.setContent(
                "From: Justin <" + Workload.SENDER + ">\nTo: " + contact.email + "\nSubject: Step 1 for Dana\n"
                        + "Message-ID: " + original + "\n",
                "text/rfc822-headers");
        report.addBodyPart(headers);
        message.setContent(report);
    }
}
