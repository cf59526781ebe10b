package dev.touchflow.replies.understand;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Walks the MIME tree, keeping the readable text and the report parts. */
final class MimeParts {

    final StringBuilder text = new StringBuilder();
    final StringBuilder html = new StringBuilder();
    final List<String> deliveryStatus = new ArrayList<>();
    final List<String> feedbackReport = new ArrayList<>();
    final Map<String, String> originalHeaders = new LinkedHashMap<>();

    void walk(Part part, int depth) {
        if (depth > 8) {
            return;
        }
        try {
            String type = RawMail.lower(part.getContentType());
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
                headers.putIfAbsent(name, line.substring(line.indexOf(':') + 1).strip());
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
