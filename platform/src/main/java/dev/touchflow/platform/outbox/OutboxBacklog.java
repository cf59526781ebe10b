package dev.touchflow.platform.outbox;

import dev.touchflow.platform.properties.PlatformProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How far the outbox relay is behind, as gauges: {@code touchflow.outbox.backlog} (rows not yet
 * published) and {@code touchflow.outbox.oldest.age} (seconds the oldest of them has waited). Counted
 * by one query every {@link #EVERY}, never at scrape time, so a scrape costs the database nothing; a
 * failed count keeps the last one.
 */
public class OutboxBacklog implements MeterBinder, DisposableBean {

    static final Duration EVERY = Duration.ofSeconds(10);

    record Counted(long rows, Instant oldest) {}

    private final DatabaseClient db;
    private final String count;
    private final AtomicReference<Counted> last = new AtomicReference<>(new Counted(0, null));
    private Disposable counting;

    public OutboxBacklog(DatabaseClient db, PlatformProperties properties) {
        this.db = db;
        this.count = "SELECT count(*) AS rows, min(created_at) AS oldest FROM outbox"
                + (properties.outbox().retention().isZero() ? "" : " WHERE published_at IS NULL");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("touchflow.outbox.backlog", last, counted -> counted.get().rows())
                .description("Outbox rows not yet published")
                .baseUnit("rows")
                .register(registry);
        Gauge.builder("touchflow.outbox.oldest.age", last, counted -> ageOf(counted.get()))
                .description("How long the oldest unpublished outbox row has waited")
                .baseUnit("seconds")
                .register(registry);
        counting = Flux.interval(Duration.ZERO, EVERY)
                .concatMap(tick -> count().onErrorResume(e -> Mono.empty()), 1)
                .subscribe(last::set);
    }

    Mono<Counted> count() {
        return db.sql(count)
                .map(row -> new Counted(row.get("rows", Long.class), row.get("oldest", Instant.class)))
                .one();
    }

    private static double ageOf(Counted counted) {
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
