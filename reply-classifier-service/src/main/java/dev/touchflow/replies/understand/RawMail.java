package dev.touchflow.replies.understand;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A received RFC 5322 message taken apart for understanding: its top-level headers (names lower
 * case, first value), its readable text, and the machine-readable parts a mail server attaches to
 * reports: {@code message/delivery-status} (RFC 3464), {@code message/feedback-report} (RFC 5965)
 * and the headers of a returned original. Odd encodings and broken MIME degrade to raw text rather
 * than failing.
 */
public record RawMail(
        Map<String, String> headers,
        String contentType,
        String text,
        List<String> deliveryStatus,
        List<String> feedbackReport,
        Map<String, String> originalHeaders) {

    private static final Session SESSION = Session.getInstance(new Properties());

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String subject() {
        String subject = header("subject");
        return subject == null ? "" : decode(subject);
    }

    public String from() {
        String from = header("from");
        return from == null ? "" : decode(from);
    }

    public static RawMail parse(byte[] raw) {
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            Map<String, String> headers = headersOf(message.getAllHeaders());
            MimeParts collector = new MimeParts();
            collector.walk(message, 0);
            String text = collector.text.isEmpty() ? HtmlText.of(collector.html.toString()) : collector.text.toString();
            return new RawMail(
                    headers,
                    lower(message.getContentType()),
                    text,
                    collector.deliveryStatus,
                    collector.feedbackReport,
                    collector.originalHeaders);
        } catch (MessagingException | RuntimeException e) {
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int blank = text.indexOf("\n\n");
            return new RawMail(
                    Map.of(),
                    "text/plain",
                    blank < 0 ? text : text.substring(blank + 2),
                    List.of(),
                    List.of(),
                    Map.of());
        }
    }

    private static Map<String, String> headersOf(Enumeration<Header> all) {
        Map<String, String> headers = new LinkedHashMap<>();
        while (all.hasMoreElements()) {
            Header header = all.nextElement();
            headers.putIfAbsent(
                    header.getName().toLowerCase(Locale.ROOT),
                    header.getValue() == null
                            ? ""
                            : header.getValue()
                                    .replaceAll("\\r?\\n[ \\t]+", " ")
                                    .strip());
        }
        return headers;
    }

    static String lower(String value) {
        return value == null ? "text/plain" : value.toLowerCase(Locale.ROOT);
    }

    static String decode(String value) {
        try {
            return MimeUtility.decodeText(value);
        } catch (IOException | RuntimeException e) {
            return value;
        }
    }
}
