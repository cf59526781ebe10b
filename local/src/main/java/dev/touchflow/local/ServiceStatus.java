package dev.touchflow.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./touchflow status}: each service's readiness, consumer lag, outbox backlog and its oldest row, and
 * the oldest draft waiting for a person, in one screen. Reads what the services serve (readiness, their
 * Prometheus scrape with a short-lived reader's token of the local issuer) and the broker's offsets.
 */
public final class ServiceStatus {

    /** One service's line. */
    public record Line(String service, String readiness, long lag, double backlog, double oldestAge) {}

    /**
     * What was read, once.
     *
     * @param oldestDraftAge how long the oldest pending draft has waited, in seconds; -1 unknown
     */
    public record Snapshot(List<Line> lines, double oldestDraftAge) {

        public boolean allReady() {
            return lines.stream().allMatch(line -> line.readiness().equals("UP"));
        }

        /** The screen: one line a service, then the oldest waiting draft. */
        public String report() {
            StringBuilder out = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%-26s %-15s %8s %15s %12s%n",
                    "service",
                    "readiness",
                    "lag",
                    "outbox backlog",
                    "oldest"));
            for (Line line : lines) {
                out.append(String.format(
                        Locale.ROOT,
                        "%-26s %-15s %8s %15.0f %11.0fs%n",
                        line.service(),
                        line.readiness(),
                        line.lag() < 0 ? "?" : Long.toString(line.lag()),
                        line.backlog(),
                        line.oldestAge()));
            }
            out.append(
                    oldestDraftAge < 0
                            ? "oldest draft waiting for a person: unknown\n"
                            : String.format(Locale.ROOT, "oldest draft waiting for a person: %.0fs%n", oldestDraftAge));
            return out.toString();
        }
    }

    private final LocalSettings settings;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public ServiceStatus(LocalSettings settings) {
        this.settings = settings;
    }

    public Snapshot read() {
        LocalIdentity identity = LocalIdentity.open(
                settings.stateDirectory(), settings.services().issuer(), settings.clock());
        String token = identity.keys()
                .mint(
                        identity.issuer(),
                        "touchflow-status",
                        List.of("viewer"),
                        List.of("*"),
                        Duration.ofMinutes(5),
                        Clock.systemUTC());
        ConsumerLag lag = new ConsumerLag("127.0.0.1:" + settings.kafkaPort());
        List<Line> lines = new ArrayList<>();
        double draftAge = -1;
        for (LocalTouchflow.Service service : ServiceCatalog.of(settings.services())) {
            String base = "http://127.0.0.1:" + service.port();
            String readiness = readiness(base);
            String scrape = readiness.equals("DOWN") ? "" : get(base + "/actuator/prometheus", token);
            lines.add(new Line(
                    service.name(),
                    readiness,
                    lag.of(List.of(service.name())),
                    value(scrape, "touchflow_outbox_backlog_rows", ""),
                    value(scrape, "touchflow_outbox_backlog_oldest_age_seconds", "")));
            if (service.name().equals("drafting-service")) {
                draftAge = value(scrape, "touchflow_drafts_oldest_age_seconds", "status=\"pending\"");
            }
        }
        return new Snapshot(List.copyOf(lines), draftAge);
    }

    private String readiness(String base) {
        try {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher status = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"").matcher(answer.body());
            return status.find() ? status.group(1) : "HTTP " + answer.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "DOWN";
        } catch (IOException down) {
            return "DOWN";
        }
    }

    private String get(String url, String token) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("Authorization", "Bearer " + token)
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (IOException down) {
            return "";
        }
    }

    /** The first sample of {@code metric} whose labels contain {@code labels}; -1 when there is none. */
    static double value(String scrape, String metric, String labels) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{([^}]*)})? (\\S+)$")
                .matcher(scrape);
        while (sample.find()) {
            if (sample.group(2) == null || sample.group(2).contains(labels)) {
                return Double.parseDouble(sample.group(3));
            }
        }
        return -1;
    }
}
