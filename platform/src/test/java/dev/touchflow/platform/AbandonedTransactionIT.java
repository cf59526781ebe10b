package dev.touchflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.touchflow.testkit.ServiceUnderTest;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A transaction its client stopped talking to, as when the network cuts an instance off the
 * database, is rolled back after the idle-in-transaction timeout, and the rows it locked are free.
 */
@SpringBootTest(
        properties = {
            "spring.application.name=platform-test",
            "spring.flyway.locations=classpath:db/platform",
            "touchflow.platform.idle-in-transaction-timeout=1s"
        })
class AbandonedTransactionIT {

    @Autowired
    ConnectionFactory connections;

    @Autowired
    DatabaseClient db;

    @Autowired
    TransactionalOperator transactions;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceUnderTest.register(registry, "platform");
    }

    @Test
    void aTransactionLeftIdleIsRolledBackAndItsLocksReleased() {
        // Given a row locked by a transaction whose client then says nothing more
        String name = "abandoned-" + UUID.randomUUID();
        db.sql("INSERT INTO outbox_lease (name, owner, expires_at) VALUES (:name, 'nobody', now())")
                .bind("name", name)
                .then()
                .block();
        Connection abandoned = Mono.from(connections.create()).block(Duration.ofSeconds(10));
        assertThat(Flux.from(abandoned
                                .createStatement("SHOW idle_in_transaction_session_timeout")
                                .execute())
                        .flatMap(result -> result.map((row, meta) -> row.get(0, String.class)))
                        .blockFirst())
                .isEqualTo("1s");
        Mono.from(abandoned.beginTransaction()).block();
        Flux.from(abandoned
                        .createStatement("SELECT name FROM outbox_lease WHERE name = $1 FOR UPDATE")
                        .bind("$1", name)
                        .execute())
                .flatMap(result -> result.map((row, meta) -> row.get(0)))
                .blockLast();

        // While it is in use the row cannot be taken
        assertThatThrownBy(() -> takeWithoutWaiting(name)).isInstanceOf(RuntimeException.class);

        // When it stays idle past the timeout, another transaction takes the row without waiting
        String taken = await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> takeWithoutWaiting(name), name::equals);

        // and the abandoned one is gone
        assertThat(taken).isEqualTo(name);
        assertThatThrownBy(() -> Mono.from(abandoned.commitTransaction()).block(Duration.ofSeconds(10)))
                .isInstanceOf(RuntimeException.class);
        Mono.from(abandoned.close()).onErrorResume(e -> Mono.empty()).block(Duration.ofSeconds(10));
    }

    private String takeWithoutWaiting(String name) {
        return transactions
                .transactional(db.sql("SELECT name FROM outbox_lease WHERE name = :name FOR UPDATE NOWAIT")
                        .bind("name", name)
                        .map(row -> row.get(0, String.class))
                        .one())
                .block(Duration.ofSeconds(10));
    }
}
