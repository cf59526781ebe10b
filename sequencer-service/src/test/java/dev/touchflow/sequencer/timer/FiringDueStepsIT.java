package dev.touchflow.sequencer.timer;

import static dev.touchflow.sequencer.timer.UtcEnrollments.enrolled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.platform.events.EventMetadata;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.schemas.common.StepSpec;
import dev.touchflow.sequencer.EmailSteps;
import dev.touchflow.sequencer.SequencerDatabaseTest;
import dev.touchflow.sequencer.calendar.SendingCalendars;
import dev.touchflow.sequencer.cap.CapProperties;
import dev.touchflow.sequencer.cap.TouchLedger;
import dev.touchflow.sequencer.journal.StepJournal;
import dev.touchflow.testkit.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Batches under way side by side: a step due at once after the one a batch fired is not left behind
 * the position by a batch that claimed ahead while the first was being decided. The loop here is the
 * test's own, on a clock of its own in 2100, far beyond the context's loop, which never claims these timers.
 */
class FiringDueStepsIT extends SequencerDatabaseTest {

    private static final Instant MONDAY_TEN = Instant.parse("2100-01-04T10:00:00Z");

    @Autowired
    TimerRepository timers;

    @Autowired
    SendingCalendars calendars;

    @Autowired
    TouchLedger ledger;

    @Autowired
    StepJournal journal;

    @Autowired
    OutboxWriter outbox;

    @Autowired
    EventMetadata metadata;

    @Autowired
    ConnectionFactory connections;

    private final MovableClock clock = new MovableClock(MONDAY_TEN);

    private final FiringPosition position = new FiringPosition();

    @Test
    void aNextStepDueAtOnceFiresThoughABatchClaimedAheadWhileItsOwnWasDecided() {
        // Given a contact whose two steps are due at ten, one after the other, and another's step due a second later
        String run = UUID.randomUUID().toString().substring(0, 8);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        List<StepSpec> twoAtOnce = List.of(EmailSteps.step(1, 0), EmailSteps.step(2, 0));
        timers.start(enrolled(first, "first-" + run, "firing_it", MONDAY_TEN, twoAtOnce), MONDAY_TEN, MONDAY_TEN)
                .block();
        timers.start(
                        enrolled(second, "second-" + run, "firing_it", MONDAY_TEN, twoAtOnce),
                        MONDAY_TEN.plusSeconds(1),
                        MONDAY_TEN)
                .block();
        FiringDueSteps loop = new FiringDueSteps(
                timers,
                position,
                calendars,
                ledger,
                new CapProperties(5, Map.of()),
                journal,
                outbox,
                metadata,
                transactions,
                clock,
                1,
                2,
                new SimpleMeterRegistry());

        // When a batch at ten claims the first contact's step and, while it waits on its contact's daily touches, a
        // batch a second later claims the other's step and commits
        Connection holder = holdTheDay("first-" + run, MONDAY_TEN);
        CompletableFuture<Integer> atTen = loop.fireBatch().toFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> position.current() != null);
        clock.set(MONDAY_TEN.plusSeconds(1));
        assertThat(loop.fireBatch().block()).isEqualTo(1);
        Mono.from(holder.rollbackTransaction()).then(Mono.from(holder.close())).block();
        assertThat(atTen.join()).isEqualTo(1);

        // Then the first contact's second step, planned at ten, is claimed by the next batch and fires
        assertThat(loop.fireBatch().block()).isEqualTo(1);
        assertThat(journalOf(first)).containsExactly("1 fired", "2 fired");
    }

    /** A transaction holding the contact's ledger row for the day, so a batch reserving its touch waits. */
    private Connection holdTheDay(String contact, Instant day) {
        db.sql("INSERT INTO touch_ledger (client_id, contact_id, local_date, touches, cap) "
                        + "VALUES ('b2bea', :contact, CAST(:day AS date), 0, 5)")
                .bind("contact", contact)
                .bind("day", day.toString().substring(0, 10))
                .then()
                .block();
        return Mono.from(connections.create())
                .flatMap(connection -> Mono.from(connection.beginTransaction())
                        .thenMany(Flux.from(connection
                                        .createStatement(
                                                "SELECT touches FROM touch_ledger WHERE contact_id = $1 FOR UPDATE")
                                        .bind("$1", contact)
                                        .execute())
                                .flatMap(result -> result.map((row, meta) -> row.get(0))))
                        .then(Mono.just(connection)))
                .block();
    }

    private List<String> journalOf(UUID enrollment) {
        return db.sql("SELECT step_number || ' ' || decision FROM step_journal WHERE enrollment_id = :id ORDER BY id")
                .bind("id", enrollment)
                .map(row -> row.get(0, String.class))
                .all()
                .collectList()
                .block();
    }
}
