package dev.touchflow.replies.understand;

import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
            Collector collector = new Collector();
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

    private static String lower(String value) {
        return value == null ? "text/plain" : value.toLowerCase(Locale.ROOT);
    }

    static String decode(String value) {
        try {
            return MimeUtility.decodeText(value);
        } catch (IOException | RuntimeException e) {
            return value;
        }
    }

    /** Walks the MIME tree, keeping the readable text and the report parts. */
    private static final class Collector {

        private final StringBuilder text = new StringBuilder();
        private final StringBuilder html = new StringBuilder();
        private final List<String> deliveryStatus = new ArrayList<>();
        private final List<String> feedbackReport = new ArrayList<>();
        private final Map<String, String> originalHeaders = new LinkedHashMap<>();

        void walk(Part part, int depth) {
            if (depth > 8) {
                return;
            }
            try {
                String type = lower(part.getContentType());
                if (type.startsWith("multipart/")) {
                    Object content = part.getContent();
                    if (content instanceof Multipart multipart) {
                        for (int i = 0; i < multipart.getCount(); i++) {
                            BodyPart child = multipart.getBodyPart(i);
                            walk(child, depth + 1);
                        }
                    } else {
                        text.append(raw(part));
                    }
                } else if (type.startsWith("message/delivery-status")
                        || type.startsWith("message/global-delivery-status")) {
                    deliveryStatus.add(raw(part));
                } else if (type.startsWith("message/feedback-report")) {
                    feedbackReport.add(raw(part));
                } else if (type.startsWith("message/rfc822")
                        || type.startsWith("text/rfc822-headers")
                        || type.startsWith("message/global")) {
                    originalHeaders.putAll(originalHeaders(part));
                } else if (type.startsWith("text/html")) {
                    html.append(readable(part)).append('\n');
                } else if (type.startsWith("text/") && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())
                        || depth == 0) {
                    text.append(readable(part)).append('\n');
                }
            } catch (MessagingException | IOException | RuntimeException e) {
                try {
                    text.append(raw(part));
                } catch (RuntimeException ignored) {
                    // an unreadable part adds nothing
                }
            }
        }

        private static Map<String, String> originalHeaders(Part part) {
            String headerBlock = raw(part);
            int blank = headerBlock.indexOf("\n\n");
            String block = blank < 0 ? headerBlock : headerBlock.substring(0, blank);
            Map<String, String> headers = new LinkedHashMap<>();
            String name = null;
            for (String line : block.split("\\r?\\n")) {
                if ((line.startsWith(" ") || line.startsWith("\t")) && name != null) {
                    headers.computeIfPresent(name, (key, value) -> value + " " + line.strip());
                } else if (line.indexOf(':') > 0) {
                    name = line.substring(0, line.indexOf(':')).strip().toLowerCase(Locale.ROOT);
                    headers.putIfAbsent(
                            name, line.substring(line.indexOf(':') + 1).strip());
                }
            }
            return headers;
        }

        private static String readable(Part part) throws MessagingException, IOException {
            Object content = part.getContent();
            if (content instanceof String string) {
                return string;
            }
            return raw(part);
        }

        private static String raw(Part part) {
            try (InputStream in = part.getInputStream()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                String charset = "ISO-8859-1";
                try {
                    String declared = new ContentType(part.getContentType()).getParameter("charset");
                    if (declared != null) {
                        charset = MimeUtility.javaCharset(declared);
                    }
                } catch (MessagingException | RuntimeException ignored) {
                    // keep ISO-8859-1, which never fails
                }
                try {
                    return out.toString(charset);
                } catch (UnsupportedEncodingException e) {
                    return out.toString(StandardCharsets.ISO_8859_1);
                }
            } catch (MessagingException | IOException | RuntimeException e) {
                return "";
            }
        }
    }
}
