package dev.touchflow.platform.inbox;

import dev.touchflow.platform.properties.PlatformProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import reactor.core.publisher.Mono;

/**
 * The ids of events a consumer has processed. Claiming inserts with {@code ON CONFLICT DO NOTHING}
 * and checks that a row was inserted: a caught duplicate-key error would abort the whole
 * transaction in PostgreSQL, and a check-then-insert would race.
 */
@Component
public class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    private final DatabaseClient db;
    private final Clock clock;
    private final Duration retention;

    public Inbox(DatabaseClient db, Clock clock, PlatformProperties properties) {
        this.db = db;
        this.clock = clock;
        this.retention = properties.inboxRetention();
    }

    /** True when this is the first time {@code consumer} sees {@code eventId}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Mono<Boolean> claim(String consumer, String eventId) {
        return db.sql("""
                        INSERT INTO inbox (consumer, event_id, processed_at) VALUES (:consumer, :eventId, :at)
                        ON CONFLICT DO NOTHING""")
                .bind("consumer", consumer)
                .bind("eventId", eventId)
                .bind("at", clock.instant())
                .fetch()
                .rowsUpdated()
                .map(inserted -> inserted == 1);
    }

    /**
     * Claims a batch of event ids for {@code consumer} in one statement; the ids seen for the first
     * time. An id twice in the batch is claimed once.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Mono<Set<String>> claimAll(String consumer, List<String> eventIds) {
        return db.sql("""
                        INSERT INTO inbox (consumer, event_id, processed_at)
                        SELECT :consumer, id, :at FROM unnest(:eventIds::text[]) AS id
                        ON CONFLICT DO NOTHING RETURNING event_id""")
                .bind("consumer", consumer)
                .bind("eventIds", eventIds.toArray(String[]::new))
                .bind("at", clock.instant())
                .map(row -> row.get("event_id", String.class))
                .all()
                .collect(Collectors.toCollection(HashSet::new));
    }

    /**
     * Deletes the ids of events processed longer ago than the retention, which is longer than any
     * topic's: an event that old is gone from its topic, so no replay can bring it back.
     */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    public void prune() {
        prune(clock.instant().minus(retention))
                .subscribe(
                        deleted -> log.debug("pruned {} inbox rows", deleted),
                        e -> log.warn("pruning the inbox failed: {}", e.toString()));
    }

    /** Deletes the ids processed before {@code cutoff}; how many. */
    public Mono<Long> prune(Instant cutoff) {
        return db.sql("DELETE FROM inbox WHERE processed_at < :cutoff")
                .bind("cutoff", cutoff)
                .fetch()
                .rowsUpdated();
    }
}
