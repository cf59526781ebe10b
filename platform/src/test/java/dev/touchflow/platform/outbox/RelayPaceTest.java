package dev.touchflow.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The safety-net poll slows down while rounds find nothing, up to the idle interval, and speeds up on rows. */
class RelayPaceTest {

    private final AtomicLong now = new AtomicLong();
    private final RelayPace pace = new RelayPace(Duration.ofMillis(100), Duration.ofSeconds(1), now::get);

    @Test
    void emptyRoundsDoubleTheWaitUpToTheIdleIntervalAndRowsResetIt() {
        assertThat(waitAfterARound(0)).isEqualTo(200);
        assertThat(waitAfterARound(0)).isEqualTo(400);
        assertThat(waitAfterARound(0)).isEqualTo(800);
        assertThat(waitAfterARound(0)).isEqualTo(1000);
        assertThat(waitAfterARound(0)).isEqualTo(1000);

        assertThat(waitAfterARound(7)).isEqualTo(100);
    }

    @Test
    void aPollIsDueOnlyOnceItsWaitHasPassed() {
        pace.ran(0);
        advance(199);
        assertThat(pace.due()).isFalse();
        advance(1);
        assertThat(pace.due()).isTrue();
    }

    /** Runs a round that published {@code rows}, then how many milliseconds pass before a poll is due again. */
    private long waitAfterARound(int rows) {
        pace.ran(rows);
        long waited = 0;
        while (!pace.due()) {
            advance(1);
            waited++;
        }
        return waited;
    }

    private void advance(long millis) {
        now.addAndGet(Duration.ofMillis(millis).toNanos());
    }
}
