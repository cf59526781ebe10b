package dev.touchflow.sequencer.timer;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The sequencer instances sharing one database, by heartbeat, in the database's own time. An
 * instance not seen for three rescan intervals is taken for dead: the instance that notices
 * removes it and learns that timers may have been given back behind its position.
 */
@Repository
public class SequencerInstances {

    private static final Logger log = LoggerFactory.getLogger(SequencerInstances.class);

    private final DatabaseClient db;
    private final Duration deadAfter;
    private final UUID self = UUID.randomUUID();

    SequencerInstances(
            DatabaseClient db, @Value("${touchflow.sequencer.rescan-interval:60s}") Duration rescanInterval) {
        this.db = db;
        this.deadAfter = rescanInterval.multipliedBy(3);
    }

    /** Records this instance's heartbeat and removes the dead ones; true when there were any. */
    public Mono<Boolean> beat() {
        return db.sql("""
                        INSERT INTO sequencer_instances (instance, started_at, seen_at) VALUES (:self, now(), now())
                        ON CONFLICT (instance) DO UPDATE SET seen_at = now()""")
                .bind("self", self)
                .then()
                .then(db.sql("DELETE FROM sequencer_instances WHERE seen_at < now() - make_interval(secs => :seconds) "
                                + "AND instance <> :self")
                        .bind("seconds", deadAfter.toMillis() / 1000.0)
                        .bind("self", self)
                        .fetch()
                        .rowsUpdated())
                .map(dead -> {
                    if (dead > 0) {
                        log.info("{} sequencer instance(s) stopped beating; looking behind the firing position", dead);
                    }
                    return dead > 0;
                });
    }

    /** On a clean stop, the others notice at their next beat, not three intervals later. */
    @PreDestroy
    void stopped() {
        try {
            db.sql("UPDATE sequencer_instances SET seen_at = '-infinity' WHERE instance = :self")
                    .bind("self", self)
                    .then()
                    .block(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            log.debug("could not mark this sequencer instance stopped: {}", e.toString());
        }
    }
}
