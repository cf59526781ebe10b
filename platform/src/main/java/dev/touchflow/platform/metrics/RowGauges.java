package dev.touchflow.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Two gauges over rows of a service's own table, by a tag: {@code <name>} (how many rows) and
 * {@code <name>.oldest.age} (seconds the oldest has waited). One query counts them every {@link #EVERY},
 * never at scrape time, so a scrape costs the database nothing; a failed count keeps the last. The query
 * answers columns {@code tag}, {@code rows} and {@code oldest}; a tag value it does not answer is 0.
 */
public final class RowGauges implements MeterBinder, DisposableBean {

    static final Duration EVERY = Duration.ofSeconds(10);

    record Counted(long rows, Instant oldest) {}

    private final DatabaseClient db;
    private final String name;
    private final String description;
    private final String tagKey;
    private final List<String> tagValues;
    private final String sql;
    private final AtomicReference<Map<String, Counted>> last = new AtomicReference<>(Map.of());
    private Disposable counting;

    /**
     * @param tagKey    the tag the rows are counted by, or null for one untagged pair of gauges (the query's
     *                  {@code tag} is then ignored)
     * @param tagValues the tag's values, each shown even while it has no row
     */
    public RowGauges(
            DatabaseClient db, String name, String description, String tagKey, List<String> tagValues, String sql) {
        this.db = db;
        this.name = name;
        this.description = description;
        this.tagKey = tagKey;
        this.tagValues = tagKey == null ? List.of("") : List.copyOf(tagValues);
        this.sql = sql;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String value : tagValues) {
            Gauge.Builder<?> rows = Gauge.builder(
                            name, last, counted -> of(counted.get(), value).rows())
                    .description(description)
                    .baseUnit("rows");
            Gauge.Builder<?> age = Gauge.builder(name + ".oldest.age", last, counted -> age(of(counted.get(), value)))
                    .description(description + ": how long the oldest has waited")
                    .baseUnit("seconds");
            if (tagKey != null) {
                rows.tag(tagKey, value);
                age.tag(tagKey, value);
            }
            rows.register(registry);
            age.register(registry);
        }
        counting = Flux.interval(Duration.ZERO, EVERY)
                .concatMap(tick -> count().onErrorResume(e -> Mono.empty()), 1)
                .subscribe(last::set);
    }

    Mono<Map<String, Counted>> count() {
        return db.sql(sql)
                .map(row -> Map.entry(
                        tagKey == null ? "" : String.valueOf(row.get("tag", String.class)),
                        new Counted(row.get("rows", Long.class), row.get("oldest", Instant.class))))
                .all()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
    }

    /** The last count's rows of this tag value ({@code ""} untagged). */
    public long rows(String value) {
        return of(last.get(), value).rows();
    }

    /** How long the last count's oldest row of this tag value has waited, in seconds; 0 when none. */
    public double oldestAge(String value) {
        return age(of(last.get(), value));
    }

    private static Counted of(Map<String, Counted> counted, String value) {
        return counted.getOrDefault(value, new Counted(0, null));
    }

    private static double age(Counted counted) {
        return counted.oldest() == null
                ? 0
                : Math.max(0, Duration.between(counted.oldest(), Instant.now()).toMillis() / 1000.0);
    }

    @Override
    public void destroy() {
        if (counting != null) {
            counting.dispose();
        }
    }
}
