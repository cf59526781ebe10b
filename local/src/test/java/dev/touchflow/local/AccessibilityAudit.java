package dev.touchflow.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Runs axe-core (Deque's accessibility rules, the {@code axe.min.js} inside its Selenium artifact) on the page
 * a real browser shows, for the WCAG 2.1 A and AA rules: names for every field and button, contrast, landmarks,
 * headings, ARIA used as it is meant. Answers each rule the page breaks with the elements that break it.
 */
final class AccessibilityAudit {

    private static final String AXE = read("/axe.min.js");

    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                .then(result => done(result.violations.map(v =>
                    v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                .catch(error => done(['axe failed: ' + error]));
            """;

    private AccessibilityAudit() {}

    /** The WCAG A and AA rules the page in the browser breaks, one line each; empty when it breaks none. */
    static List<String> violations(WebDriver browser) {
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        JavascriptExecutor script = (JavascriptExecutor) browser;
        script.executeScript(AXE);
        Object found = script.executeAsyncScript(RUN);
        return ((List<?>) found).stream().map(Object::toString).toList();
    }

    private static String read(String resource) {
        try (InputStream in = AccessibilityAudit.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(
                        resource + " is not on the class path (com.deque.html.axe-core:selenium)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
