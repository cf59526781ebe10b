package dev.touchflow.local;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/** A service's Prometheus scrape on the runner, read as a scraper would: with a token, or refused. */
final class Scrapes {

    private final LocalTouchflow touchflow;

    Scrapes(LocalTouchflow touchflow) {
        this.touchflow = touchflow;
    }

    /** A token minted by the local issuer ({@code ./touchflow token}) for these roles and clients. */
    String token(String name, String role, String client) {
        ByteArrayOutputStream minted = new ByteArrayOutputStream();
        int exit = IdentityCommands.token(
                List.of("--name", name, "--role", role, "--client", client, "--ttl", "1h"),
                touchflow.settings(),
                new PrintStream(minted),
                System.err);
        if (exit != 0) {
            throw new IllegalStateException("./touchflow token answered " + exit);
        }
        return minted.toString().strip();
    }

    /** The scrape's text, or the status it was refused with ({@code token} null: none sent). */
    Answer scrape(int port, String token) {
        WebClient.RequestHeadersSpec<?> request =
                WebClient.create("http://127.0.0.1:" + port).get().uri("/actuator/prometheus");
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        try {
            return new Answer(
                    HttpStatus.OK.value(),
                    request.retrieve().bodyToMono(String.class).block());
        } catch (WebClientResponseException refused) {
            return new Answer(refused.getStatusCode().value(), "");
        }
    }

    record Answer(int status, String text) {

        /** The value of the first sample of {@code metric} whose labels include {@code labels}; 0 when none. */
        double value(String metric, String labels) {
            Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)} (\\S+)$")
                    .matcher(text);
            while (sample.find()) {
                if (sample.group(1).contains(labels)) {
                    return Double.parseDouble(sample.group(2));
                }
            }
            return 0;
        }

        /** The metric names of the scrape, for a failure's message. */
        Set<String> names() {
            return new TreeSet<>(Pattern.compile("(?m)^([a-z_]+)[{ ]")
                    .matcher(text)
                    .results()
                    .map(match -> match.group(1))
                    .toList());
        }

        boolean has(String metric) {
            return Pattern.compile("(?m)^" + Pattern.quote(metric) + "[{ ]")
                    .matcher(text)
                    .find();
        }
    }
}
