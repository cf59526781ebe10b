package dev.touchflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A browser without a screen, for tests of the sign-in and the console's forms at the HTTP level: keeps
 * cookies, follows redirects one by one (remembering where they went), and submits a page's forms with
 * their hidden fields (the CSRF token among them).
 */
final class Browser {

    /** A page the browser ended on, and every URL it passed through on the way. */
    record Page(String url, int status, Document html, List<String> visited) {

        /** The form a CSS selector finds on this page. */
        Element form(String selector) {
            Element form = html.selectFirst(selector);
            assertThat(form).as("a form %s on %s", selector, url).isNotNull();
            return form;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    Page open(String url) throws IOException, InterruptedException {
        return follow(HttpRequest.newBuilder(URI.create(url)).GET(), new ArrayList<>());
    }

    /**
     * Submits a form of the page with its own fields (hidden ones included; boxes not ticked left out) and
     * these; each further map adds fields of the same names again, as ticked boxes do.
     */
    @SafeVarargs
    final Page submit(Page page, Element form, Map<String, String> fields, Map<String, String>... more)
            throws IOException, InterruptedException {
        Map<String, String> values = new LinkedHashMap<>();
        form.select("input[name]:not([type=checkbox]), textarea[name]")
                .forEach(input ->
                        values.put(input.attr("name"), input.is("textarea") ? input.text() : input.attr("value")));
        values.putAll(fields);
        List<String> pairs = new ArrayList<>();
        values.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value)));
        for (Map<String, String> again : more) {
            again.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value)));
        }
        String body = String.join("&", pairs);
        URI action = URI.create(page.url()).resolve(form.attr("action").isEmpty() ? page.url() : form.attr("action"));
        return follow(
                HttpRequest.newBuilder(action)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                new ArrayList<>());
    }

    private Page follow(HttpRequest.Builder request, List<String> visited) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(request.header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        String url = response.uri().toString();
        visited.add(url);
        if (response.statusCode() / 100 == 3 && visited.size() < 20) {
            String next = response.uri()
                    .resolve(response.headers().firstValue("Location").orElseThrow())
                    .toString();
            return follow(HttpRequest.newBuilder(URI.create(next)).GET(), visited);
        }
        return new Page(url, response.statusCode(), Jsoup.parse(response.body(), url), List.copyOf(visited));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
