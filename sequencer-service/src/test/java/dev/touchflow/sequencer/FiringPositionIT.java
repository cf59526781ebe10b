package dev.touchflow.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.schemas.topics.Topics;
import dev.touchflow.sequencer.timer.SequencerInstances;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.MovableClock;
import dev.touchflow.testkit.MovableTime;
import dev.touchflow.testkit.ServiceUnderTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The firing loop goes on after the last timer it claimed, and a timer this instance plans behind
 * that position brings it back. The look behind the position comes only every hour here, so these
 * timers can fire promptly only through the position moving back.
 */
// Every sequencer context runs the firing loop and joins the service's consumer group with a clock of its own:
// closed after its class, it cannot take another class's enrollments or fire its timers.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(
        classes = {SequencerApplication.class, MovableTime.class},
        properties = {
            MovableTime.START_PROPERTY + "=2026-12-01T14:00:00Z",
            SequencerApplication.CONFIG_NAME,
            "touchflow.sequencer.poll-interval=50ms",
            "touchflow.sequencer.batch-size=5",
            "touchflow.sequencer.rescan-interval=1h"
        })
class FiringPositionIT {

    @Autowired
    MovableClock clock;

    @Autowired
    private SequencerInstances instances;

    @Autowired
    private DatabaseClient db;

    private final KafkaProbe kafka = KafkaProbe.onTestBroker();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceUnderTest.register(registry, "sequencer-service");
    }

    @Test
    void aTimerPlannedBehindThePositionFiresWithoutWaitingForTheRescan() {
        // Given the loop has fired twelve steps due on 1 December, more than two batches
        String run = UUID.randomUUID().toString().substring(0, 8);
        clock.set(Instant.parse("2026-12-01T14:00:00Z"));
        for (int i = 0; i < 12; i++) {
            kafka.send(SequencerEvents.enrolled(
                    "dec-" + run + "-" + i, UUID.randomUUID().toString(), clock.instant(), null, 0, 2));
        }
        // (a new context's consumer can wait out the group's session timeout for the previous class's member: once
        // in a full local run nothing fired within 30 s, with no error)
        await().atMost(Duration.ofSeconds(90)).until(() -> fired("dec-" + run) == 12);

        // When a contact is enrolled whose first step was due in November, behind every timer fired so far
        clock.set(Instant.parse("2026-11-02T14:00:00Z"));
        kafka.send(SequencerEvents.enrolled("nov-" + run, UUID.randomUUID().toString(), clock.instant(), null, 0, 2));

        // Then it fires at once
        await().atMost(Duration.ofSeconds(30)).until(() -> fired("nov-" + run) == 1);
    }

    @Test
    void anInstanceThatStoppedBeatingIsRemovedByTheNextBeatWhichReportsIt() {
        // Given another instance last seen four hours ago (more than three rescan intervals of an hour), and one seen
        // just now
        UUID dead = UUID.randomUUID();
        UUID alive = UUID.randomUUID();
        db.sql(
                        "INSERT INTO sequencer_instances VALUES (:dead, now() - interval '5 hours', now() - interval '4 hours'), "
                                + "(:alive, now(), now())")
                .bind("dead", dead)
                .bind("alive", alive)
                .then()
                .block();

        // When this instance beats, and beats again
        Boolean first = instances.beat().block();
        Boolean second = instances.beat().block();

        // Then the first beat reports the death and removes only the dead one; the second reports none
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(db.sql("SELECT instance FROM sequencer_instances WHERE instance IN (:dead, :alive)")
                        .bind("dead", dead)
                        .bind("alive", alive)
                        .map(row -> row.get("instance", UUID.class))
                        .all()
                        .collectList()
                        .block())
                .containsExactly(alive);
    }

    private long fired(String contactPrefix) {
        return kafka.readAll(Topics.STEP_DUE, r -> r.key().startsWith("b2bea:" + contactPrefix))
                .size();
    }
}
