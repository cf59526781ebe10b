package dev.touchflow.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.platform.outbox.OutboxTable;
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The sequencer's outbox has no index of unpublished rows (with a zero retention every row is
 * unpublished until the relay deletes it): the relay's next batch still reads the primary key in
 * order and stops at its limit, and its delete of a published batch finds the rows by the key.
 * Both are asked with statistics taken while the outbox was empty, as after a quiet night.
 */
class OutboxPlanIT extends SequencerDatabaseTest {

    @Test
    void theRelaysNextBatchReadsThePrimaryKeyEvenWithStatisticsOfAnEmptyOutbox() {
        // Given statistics taken while the outbox was empty, and then 20,000 rows
        // When the planner is asked about the relay's next batch
        String plan = planWith20000Rows(db.sql("EXPLAIN " + OutboxTable.nextBatch(Duration.ZERO))
                .bind("after", 0L)
                .bind("limit", 1000));

        // Then it walks the primary key from the position, without reading or sorting the whole table
        assertThat(plan)
                .contains("Index Scan using outbox_pkey on outbox")
                .doesNotContain("Seq Scan")
                .doesNotContain("Sort");
        // and the partial index the platform's migration made is gone from the sequencer's outbox
        assertThat(db.sql("SELECT count(*) FROM pg_indexes WHERE tablename = 'outbox'")
                        .map(row -> row.get(0, Long.class))
                        .one()
                        .block())
                .isEqualTo(1L);
    }

    @Test
    void theRelaysDeleteOfAPublishedBatchFindsItsRowsByThePrimaryKey() {
        // Given the same statistics and rows, and a batch of 1,000 ids from the middle of the outbox
        Long[] batch =
                LongStream.rangeClosed(1_000_005_001L, 1_000_006_000L).boxed().toArray(Long[]::new);

        // When the planner is asked about the relay's delete of that batch
        String plan = planWith20000Rows(
                db.sql("EXPLAIN " + OutboxTable.markPublished(Duration.ZERO)).bind("ids", batch));

        // Then it looks the ids up in the primary key, and neither scans nor hashes the outbox
        assertThat(plan)
                .startsWith("Delete on outbox")
                .contains("outbox_pkey")
                .doesNotContain("Seq Scan")
                .doesNotContain("Hash");
    }

    /**
     * The plan of a statement over 20,000 rows (ids from 1,000,000,001, above any the tests' own events
     * take), added after statistics of an empty outbox.
     */
    private String planWith20000Rows(DatabaseClient.GenericExecuteSpec explain) {
        return planAfterInsert("outbox", """
                INSERT INTO outbox (id, event_id, topic, record_key, event_type, payload, occurred_at)
                SELECT 1000000000 + n, gen_random_uuid()::text, 'touchflow.step-due', 'b2bea:c-' || n, 'StepDue',
                       '\\x00'::bytea, now()
                FROM generate_series(1, 20000) AS n""", explain);
    }
}
