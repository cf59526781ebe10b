package dev.touchflow.console.deadletters;

import dev.touchflow.platform.r2dbc.SqlParameters;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The dead letters the console has read, kept by their place in the dead-letter topic (a replay adds
 * nothing). A person sees those whose key names one of their clients; only a person of every client sees
 * the rest, whose owner cannot be told.
 */
@Repository
class DeadLetters {

    /** One topic's dead letters for one consumer group: how many, the latest, and its reason. */
    public record Pile(String originalTopic, String consumerGroup, long count, Instant latest, String latestReason) {}

    private final DatabaseClient db;

    DeadLetters(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> record(DeadLetter letter) {
        return db.sql("""
                        INSERT INTO dead_letters (topic, partition, "offset", original_topic, original_partition,
                                                  original_offset, consumer_group, client_id, record_key, reason,
                                                  exception, preview, dead_at)
                        VALUES (:topic, :partition, :offset, :originalTopic, :originalPartition, :originalOffset,
                                :group, :client, :key, :reason, :exception, :preview, :deadAt)
                        ON CONFLICT (topic, partition, "offset") DO NOTHING""")
                .bind("topic", letter.topic())
                .bind("partition", letter.partition())
                .bind("offset", letter.offset())
                .bind("originalTopic", letter.originalTopic())
                .bind("originalPartition", Parameter.fromOrEmpty(letter.originalPartition(), Integer.class))
                .bind("originalOffset", Parameter.fromOrEmpty(letter.originalOffset(), Long.class))
                .bind("group", letter.consumerGroup())
                .bind("client", Parameter.fromOrEmpty(letter.clientId(), String.class))
                .bind("key", Parameter.fromOrEmpty(letter.key(), String.class))
                .bind("reason", letter.reason())
                .bind("exception", Parameter.fromOrEmpty(letter.exception(), String.class))
                .bind("preview", letter.preview())
                .bind("deadAt", letter.deadAt())
                .then();
    }

    /** Per topic and group, the most recent pile first; {@code clients} null for every client. */
    Flux<Pile> piles(List<String> clients) {
        return db.sql("""
                        SELECT DISTINCT ON (original_topic, consumer_group) original_topic, consumer_group,
                               count(*) OVER (PARTITION BY original_topic, consumer_group) AS count,
                               dead_at, reason
                        FROM dead_letters WHERE (:clients::text[] IS NULL OR client_id = ANY(:clients))
                        ORDER BY original_topic, consumer_group, dead_at DESC""")
                .bind("clients", SqlParameters.textArray(clients))
                .map(row -> new Pile(
                        row.get("original_topic", String.class),
                        row.get("consumer_group", String.class),
                        row.get("count", Long.class),
                        row.get("dead_at", Instant.class),
                        row.get("reason", String.class)))
                .all()
                .sort((a, b) -> b.latest().compareTo(a.latest()));
    }

    /** The latest dead letters, of one original topic or of all (null), newest first. */
    Flux<DeadLetter> latest(List<String> clients, String originalTopic, int limit) {
        return db.sql("""
                        SELECT * FROM dead_letters WHERE (:clients::text[] IS NULL OR client_id = ANY(:clients))
                          AND (:topic::text IS NULL OR original_topic = :topic)
                        ORDER BY dead_at DESC, topic, partition, "offset" DESC LIMIT :limit""")
                .bind("clients", SqlParameters.textArray(clients))
                .bind("topic", Parameter.fromOrEmpty(originalTopic, String.class))
                .bind("limit", limit)
                .map(DeadLetters::letter)
                .all();
    }

    private static DeadLetter letter(Readable row) {
        return new DeadLetter(
                row.get("topic", String.class),
                row.get("partition", Integer.class),
                row.get("offset", Long.class),
                row.get("original_topic", String.class),
                row.get("original_partition", Integer.class),
                row.get("original_offset", Long.class),
                row.get("consumer_group", String.class),
                row.get("client_id", String.class),
                row.get("record_key", String.class),
                row.get("reason", String.class),
                row.get("exception", String.class),
                row.get("preview", String.class),
                row.get("dead_at", Instant.class));
    }
}
