package dev.touchflow.console.sequences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.touchflow.console.ConsoleOnTheBroker;
import dev.touchflow.console.live.LiveUpdates;
import dev.touchflow.platform.kafka.EventCodec;
import dev.touchflow.schemas.topics.TopicOwners;
import dev.touchflow.testkit.ConsumerLag;
import dev.touchflow.testkit.KafkaProbe;
import dev.touchflow.testkit.TestInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import reactor.core.Disposable;

/**
 * The console's read model on the real broker and database: the sequences page's numbers equal a fixture
 * counted by hand, whatever order the topics are read in, a redelivered event counts once, a person sees
 * only their clients' runs, the open pages hear of their clients' changes, and a replay of every topic from
 * offset 0 changes nothing and says nothing.
 */
class SequenceStatsIT extends ConsoleOnTheBroker {

    @Autowired
    SequenceStats stats;

    @Autowired
    EventCodec codec;

    @Autowired
    LiveUpdates live;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void theNumbersEqualAFixtureCountedByHandAndAReplayChangesNothing() {
        String slug = "stats_" + UUID.randomUUID().toString().substring(0, 8);
        String[] run = {id(), id(), id(), id()};
        String[] contact = {"c1-" + slug, "c2-" + slug, "c3-" + slug, "c4-" + slug};
        String[] send = {id(), id(), id(), id(), id(), id()};
        ReadModelEvents events = new ReadModelEvents(codec);
        Queue<LiveUpdates.Change> heard = new ConcurrentLinkedQueue<>();
        Disposable listening = live.of(Set.of("b2bea")).subscribe(heard::add);

        // Engagement and replies first, runs and sends after: the topics are read independently
        events.opened("b2bea", send[0], run[0], contact[0], false);
        events.clicked("b2bea", send[0], run[0], contact[0]);
        events.opened("b2bea", send[1], run[1], contact[1], true); // an image proxy's: not a person
        events.opened("b2bea", send[2], run[2], contact[2], false);
        events.opened("b2bea", send[2], run[2], contact[2], false); // opened twice: one open
        events.opened("b2bea", send[4], run[0], contact[0], false);
        events.reply("b2bea", "r1-" + slug, send[2], run[2], contact[2], "meeting_request", "model");
        events.reply("b2bea", "r2-" + slug, send[3], run[3], contact[3], "not_interested", "rules");
        events.reply("b2bea", "r3-" + slug, send[1], run[1], contact[1], "out_of_office", "rules"); // not a person
        events.reply("b2bea", "r4-" + slug, send[4], run[0], contact[0], "interested", "model");
        events.reply("b2bea", "r4-" + slug, send[4], run[0], contact[0], "unsubscribe", "person"); // relabelled
        events.publish();
        for (int i = 0; i < 4; i++) {
            events.enrolled("b2bea", run[i], slug, contact[i]);
            events.sent("b2bea", send[i], run[i], slug, 1, contact[i]);
        }
        events.redeliverLast(); // the same event twice: one send
        events.sent("b2bea", send[4], run[0], slug, 2, contact[0]);
        events.failed("b2bea", send[5], run[1], slug, 2, contact[1]); // failed: not sent
        events.paused("b2bea", run[1], slug, contact[1]);
        events.exited("b2bea", run[2], slug, contact[2], "meeting");
        events.movedOn("b2bea", run[2], contact[2], "b2bea_membership_close");
        events.exited("b2bea", run[3], slug, contact[3], "rejected");
        // another client's run of a campaign of that slug: no b2bea person counts it, nor hears of it
        String elsewhere = id();
        events.enrolled("dreamborn", elsewhere, slug, "d1-" + slug);
        events.sent("dreamborn", id(), elsewhere, slug, 1, "d1-" + slug);
        events.publish();

        // Counted by hand: step 1 went to all four runs, opened by two people (a proxy's open is not one), one
        // clicked, two answered (an out-of-office is not an answer), one positively; step 2 went to one, which
        // was opened and answered, positively at first, then relabelled an opt-out by a person
        SequenceStats.Counts counted = await().atMost(Duration.ofSeconds(30))
                .until(() -> stats.of(List.of(slug), List.of("b2bea")).block().get(slug), this::settled);
        assertThat(counted.step(1)).isEqualTo(new SequenceStats.StepCounts(4, 2, 1, 2, 1));
        assertThat(counted.step(2)).isEqualTo(new SequenceStats.StepCounts(1, 1, 0, 1, 0));
        assertThat(counted.runs()).isEqualTo(4);
        assertThat(counted.running()).isEqualTo(1);
        assertThat(counted.openRate()).isEqualTo("60%");
        assertThat(counted.replyRate()).isEqualTo("60%");
        assertThat(counted.positiveReplyRate()).isEqualTo("20%");
        assertThat(counted.movedTo()).isEqualTo("1 / 2");
        assertThat(counted.progress(2)).isEqualTo(63); // 5 of 4 runs × 2 steps
        // every client's: dreamborn's run and send too
        assertThat(stats.of(List.of(slug), null).block().get(slug).total().sent())
                .isEqualTo(5 + 1);
        // the open pages of b2bea heard of its sends, replies and runs, and of nothing of dreamborn's
        assertThat(heard).extracting(LiveUpdates.Change::clientId).containsOnly("b2bea");
        assertThat(heard).extracting(LiveUpdates.Change::kind).contains("send", "reply", "run");

        // Replayed from offset 0 on every topic: the same numbers, and not a word to the open pages
        heard.clear();
        replayEverything();
        assertThat(stats.of(List.of(slug), List.of("b2bea")).block().get(slug)).isEqualTo(counted);
        assertThat(heard).isEmpty();
        listening.dispose();
    }

    // every topic has been read: each is consumed on its own, so one may lag the others
    private boolean settled(SequenceStats.Counts counts) {
        return counts.total().sent() == 5
                && counts.total().opened() == 3
                && counts.total().clicked() == 1
                && counts.exits() == 2
                && counts.moved() == 1
                && counts.total().replied() == 3
                && counts.step(2).positive() == 0
                && counts.running() == 1;
    }

    private void replayEverything() {
        listeners.stop();
        KafkaProbe kafka = KafkaProbe.onTestBroker();
        // the group's offsets move only once the broker has seen every member leave
        await().atMost(Duration.ofSeconds(30)).until(() -> !listeners.isRunning() && kafka.idle("console"));
        TopicOwners.CONSOLE.consumes().forEach(topic -> kafka.rewind("console", topic));
        ConsumerLag lag = new ConsumerLag(TestInfrastructure.get().bootstrapServers());
        assertThat(lag.of(List.of("console"))).isPositive();
        listeners.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> lag.of(List.of("console")) == 0);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
