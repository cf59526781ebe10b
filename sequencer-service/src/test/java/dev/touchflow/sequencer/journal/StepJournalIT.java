package dev.touchflow.sequencer.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.sequencer.SequencerDatabaseTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A batch's journal on the real database: a firing and the next plan share a row and read back as two entries. */
class StepJournalIT extends SequencerDatabaseTest {

    private static final Instant NOW = Instant.parse("2026-12-07T14:00:00Z");

    @Autowired
    StepJournal journal;

    @Test
    void aFiringAndTheNextPlanAreOneRowAndReadBackAsTheTwoEntriesInOrder() {
        // Given a batch that fired ada's step 1 and planned step 2, deferred ben's step 3, and finished cy's sequence
        UUID ada = UUID.randomUUID();
        UUID ben = UUID.randomUUID();
        UUID cy = UUID.randomUUID();
        Instant nextWeek = Instant.parse("2026-12-14T14:00:00Z");
        List<JournalEntry> adas = List.of(
                new JournalEntry(ada, 1, NOW, "fired", List.of(), NOW),
                new JournalEntry(ada, 2, NOW, "scheduled", List.of("weekend", "before_window"), nextWeek));
        JournalEntry bens = new JournalEntry(ben, 3, NOW, "deferred", List.of("cap"), NOW.plusSeconds(86_400));
        List<JournalEntry> cys = List.of(
                new JournalEntry(cy, 4, NOW, "fired", List.of(), NOW),
                new JournalEntry(cy, 5, NOW, "grace", List.of("final step fired"), nextWeek));

        // When it is recorded with one insert
        transactions
                .transactional(journal.recordAll(List.of(adas.get(0), adas.get(1), bens, cys.get(0), cys.get(1))))
                .block();

        // Then each enrollment's journal reads back exactly its entries, in order, from one row each
        assertThat(journal.of(ada).collectList().block()).containsExactlyElementsOf(adas);
        assertThat(journal.of(ben).collectList().block()).containsExactly(bens);
        assertThat(journal.of(cy).collectList().block()).containsExactlyElementsOf(cys);
        assertThat(rows(ada)).isEqualTo(1);
        assertThat(rows(ben)).isEqualTo(1);

        // And a later entry about ada comes after the pair
        JournalEntry paused = new JournalEntry(ada, 2, NOW.plusSeconds(60), "paused", List.of("paused"), null);
        journal.record(paused).block();
        assertThat(journal.of(ada).collectList().block()).containsExactly(adas.get(0), adas.get(1), paused);
    }

    private long rows(UUID enrollment) {
        return db.sql("SELECT count(*) AS n FROM step_journal WHERE enrollment_id = :id")
                .bind("id", enrollment)
                .map(row -> row.get("n", Long.class))
                .one()
                .block();
    }
}
