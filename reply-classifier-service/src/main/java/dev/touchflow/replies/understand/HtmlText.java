package dev.touchflow.replies.understand;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The readable text of an HTML body, as a person sees it: entities decoded, {@code script} and
 * {@code style} contents and comments left out, a line break for each block and {@code <br>}, and
 * the lines of a quoted reply ({@code <blockquote>}) marked {@code > } so they are told apart from
 * the reply's own words as in a plain-text body.
 */
public final class HtmlText {

    private static final Set<String> BLOCKS = Set.of(
            "p",
            "div",
            "br",
            "li",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "ul",
            "ol",
            "blockquote",
            "pre",
            "hr",
            "section",
            "article",
            "header",
            "footer");

    private HtmlText() {}

    public static String of(String html) {
        if (html == null || html.isBlank()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(
                new NodeVisitor() {
                    @Override
                    public void head(Node node, int depth) {
                        if (node instanceof TextNode words) {
                            String line = words.text();
                            if (!line.isBlank()) {
                                if (text.isEmpty() || text.charAt(text.length() - 1) == '\n') {
                                    text.append("> ".repeat(quoteDepth(node)));
                                    line = line.stripLeading();
                                }
                                text.append(line);
                            }
                        } else if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
                            newLine(text);
                        }
                    }

                    @Override
                    public void tail(Node node, int depth) {
                        if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
                            newLine(text);
                        }
                    }
                },
                Jsoup.parse(html).body());
        return text.toString()
                .replaceAll("[ \\t\\x0B\\f\\r]+\\n", "\n")
                .replaceAll("\\n{3,}", "\n\n")
                .strip();
    }

    private static void newLine(StringBuilder text) {
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
    }

    private static int quoteDepth(Node node) {
        int depth = 0;
        for (Node parent = node.parent(); parent != null; parent = parent.parent()) {
            if (parent instanceof Element element && "blockquote".equals(element.normalName())) {
                depth++;
            }
        }
        return depth;
    }
}
