package dev.touchflow.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.platform.outbox.OutboxRelay;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The sequencer's outbox has no index of unpublished rows (with a zero retention every row is
 * unpublished until the relay deletes it): the relay's next batch still reads the primary key in
 * order and stops at its limit.
 */
class OutboxPlanIT extends SequencerDatabaseTest {

    @Test
    void theRelaysNextBatchReadsThePrimaryKeyEvenWithStatisticsOfAnEmptyOutbox() {
        // Given statistics taken while the outbox was empty, and then 20,000 rows, in a transaction the
        // context's own relay never sees (it is rolled back)
        db.sql("ANALYZE outbox").then().block();
        String plan = transactions.execute(tx -> {
            tx.setRollbackOnly();
            return db.sql("""
                            INSERT INTO outbox (event_id, topic, record_key, event_type, payload, occurred_at)
                            SELECT gen_random_uuid()::text, 'touchflow.step-due', 'b2bea:c-' || n, 'dev.touchflow.StepDue',
                                   '\\x00'::bytea, now()
                            FROM generate_series(1, 20000) AS n""").then()
                    // When the planner is asked about the relay's next batch
                    .thenMany(db.sql("EXPLAIN " + OutboxRelay.nextBatch(Duration.ZERO)).bind("after", 0L).bind("limit", 1000)
                            .map(row -> row.get(0, String.class)).all());
        }).collect(Collectors.joining("\n")).block();

        // Then it walks the primary key from the position, without reading or sorting the whole table
        assertThat(plan).contains("Index Scan using outbox_pkey on outbox").doesNotContain("Seq Scan")
                .doesNotContain("Sort");
        // and the partial index the platform's migration made is gone from the sequencer's outbox
        assertThat(db.sql("SELECT count(*) FROM pg_indexes WHERE tablename = 'outbox'")
                .map(row -> row.get(0, Long.class)).one().block()).isEqualTo(1L);
    }
}
