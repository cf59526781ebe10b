package dev.touchflow.enrollment.campaign;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The clients Touchflow runs campaigns for; an event naming any other is refused. */
@Repository
public class ClientRepository {

    private final DatabaseClient db;

    public ClientRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Boolean> exists(String clientId) {
        return db.sql("SELECT 1 FROM clients WHERE id = :id")
                .bind("id", clientId)
                .map(row -> true)
                .first()
                .defaultIfEmpty(false);
    }

    public Mono<Void> ensure(String id, String name, String timezone) {
        return db.sql(
                        "INSERT INTO clients (id, name, timezone) VALUES (:id, :name, :timezone) ON CONFLICT (id) DO NOTHING")
                .bind("id", id)
                .bind("name", name)
                .bind("timezone", timezone)
                .then();
    }
}
