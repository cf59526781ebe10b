package dev.touchflow.dispatch.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.util.HtmlUtils;

/**
 * The text and HTML parts of an approved email: the approved body as it was approved, the
 * mailbox's signature, and a footer with the client's postal address and an unsubscribe link. With
 * tracking on, the HTML part's links go through the click redirect and it carries an open pixel;
 * the text part's links stay as written.
 */
public final class MessageComposer {

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+[^\\s<>\".,;:!?)\\]'']");

    private MessageComposer() {}

    /** How a tracked message reaches the tracking endpoints; null for an untracked one. */
    public record Tracking(String pixelUrl, IntFunction<String> clickUrl) {}

    /** The parts, and the links of the body in order (link i is what click token i redirects to). */
    public record Composed(String text, String html, List<String> links) {}

    public static List<String> links(String body) {
        List<String> links = new ArrayList<>();
        Matcher matcher = URL.matcher(body);
        while (matcher.find()) {
            links.add(matcher.group());
        }
        return links;
    }

    public static Composed compose(
            String body, String signature, String postalAddress, String unsubscribeUrl, Tracking tracking) {
        StringBuilder text = new StringBuilder(body.strip());
        if (signature != null && !signature.isBlank()) {
            text.append("\n\n-- \n").append(signature.strip());
        }
        StringBuilder footer = new StringBuilder();
        if (postalAddress != null && !postalAddress.isBlank()) {
            footer.append(postalAddress.strip()).append('\n');
        }
        footer.append("To stop receiving these emails: ").append(unsubscribeUrl);
        text.append("\n\n").append(footer);

        List<String> links = links(body);
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>");
        for (String paragraph : body.strip().split("\\n\\s*\\n")) {
            html.append("<p>").append(linked(paragraph, links, tracking)).append("</p>");
        }
        if (signature != null && !signature.isBlank()) {
            html.append("<p>").append(escape(signature.strip())).append("</p>");
        }
        html.append("<p style=\"font-size:12px;color:#666\">");
        if (postalAddress != null && !postalAddress.isBlank()) {
            html.append(escape(postalAddress.strip())).append("<br>");
        }
        html.append("<a href=\"").append(HtmlUtils.htmlEscape(unsubscribeUrl)).append("\">Unsubscribe</a></p>");
        if (tracking != null) {
            html.append("<img src=\"")
                    .append(HtmlUtils.htmlEscape(tracking.pixelUrl()))
                    .append("\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0\">");
        }
        html.append("</body></html>");
        return new Composed(text.toString(), html.toString(), links);
    }

    private static String linked(String paragraph, List<String> links, Tracking tracking) {
        StringBuilder out = new StringBuilder();
        Matcher matcher = URL.matcher(paragraph);
        int at = 0;
        while (matcher.find()) {
            out.append(escape(paragraph.substring(at, matcher.start())));
            String url = matcher.group();
            String href = tracking == null ? url : tracking.clickUrl().apply(links.indexOf(url));
            out.append("<a href=\"")
                    .append(HtmlUtils.htmlEscape(href))
                    .append("\">")
                    .append(HtmlUtils.htmlEscape(url))
                    .append("</a>");
            at = matcher.end();
        }
        out.append(escape(paragraph.substring(at)));
        return out.toString();
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text).replace("\n", "<br>");
    }
}
