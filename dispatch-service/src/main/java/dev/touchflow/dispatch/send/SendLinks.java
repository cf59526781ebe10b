package dev.touchflow.dispatch.send;

import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The links of a tracked message, by their place in it: a click token names the place, never the address. */
@Repository
class SendLinks {

    private final DatabaseClient db;

    SendLinks(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> add(UUID sendId, List<String> links) {
        return Flux.range(0, links.size())
                .concatMap(i -> db.sql(
                                "INSERT INTO send_links (send_id, idx, url) VALUES (:id, :idx, :url) ON CONFLICT DO NOTHING")
                        .bind("id", sendId)
                        .bind("idx", i)
                        .bind("url", links.get(i))
                        .then())
                .then();
    }

    Mono<String> find(UUID sendId, int idx) {
        return db.sql("SELECT url FROM send_links WHERE send_id = :id AND idx = :idx")
                .bind("id", sendId)
                .bind("idx", idx)
                .map(row -> row.get("url", String.class))
                .first();
    }
}
