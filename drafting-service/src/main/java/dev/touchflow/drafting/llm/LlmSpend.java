package dev.touchflow.drafting.llm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.LocalDate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * What each client's LLM drafting cost per UTC day, in millionths of a US dollar; also counted on
 * {@code touchflow.llm.spend{client}} (US dollars) and {@code touchflow.llm.calls{client}}.
 */
@Repository
class LlmSpend {

    private final DatabaseClient db;
    private final MeterRegistry meters;

    LlmSpend(DatabaseClient db, MeterRegistry meters) {
        this.db = db;
        this.meters = meters;
    }

    Mono<Long> spent(String clientId, LocalDate day) {
        return db.sql("SELECT spent_micros FROM llm_spend WHERE client_id = :client AND day = :day")
                .bind("client", clientId)
                .bind("day", day)
                .map(row -> row.get("spent_micros", Long.class))
                .first()
                .defaultIfEmpty(0L);
    }

    Mono<Void> add(String clientId, LocalDate day, long micros) {
        return db.sql("""
                        INSERT INTO llm_spend (client_id, day, calls, spent_micros) VALUES (:client, :day, 1, :micros)
                        ON CONFLICT (client_id, day) DO UPDATE
                            SET calls = llm_spend.calls + 1, spent_micros = llm_spend.spent_micros + :micros""")
                .bind("client", clientId)
                .bind("day", day)
                .bind("micros", micros)
                .then()
                .doOnSuccess(done -> {
                    Counter.builder("touchflow.llm.spend")
                            .description("What drafting with the LLM cost")
                            .baseUnit("usd")
                            .tag("client", clientId)
                            .register(meters)
                            .increment(micros / 1_000_000.0);
                    Counter.builder("touchflow.llm.calls")
                            .description("Drafts the LLM wrote")
                            .tag("client", clientId)
                            .register(meters)
                            .increment();
                });
    }
}
