package dev.touchflow.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RelayCursorTest {

    private final AtomicLong nanos = new AtomicLong();
    private final RelayCursor cursor = new RelayCursor(Duration.ofSeconds(60), Duration.ofSeconds(60), nanos::get);

    @Test
    void eachBatchStartsAfterTheHighestIdPublished() {
        cursor.published(List.of(1L, 2L, 3L));

        assertThat(cursor.after()).isEqualTo(3);
        assertThat(cursor.gaps(10)).isEmpty();
    }

    @Test
    void aHoleInTheIdsIsLookedAtAgainUntilItsRowIsPublished() {
        // Given ids 4 and 5 still uncommitted when 6 and 7 were published
        cursor.published(List.of(1L, 2L, 3L));
        cursor.published(List.of(6L, 7L));
        assertThat(cursor.after()).isEqualTo(7);
        assertThat(cursor.gaps(10)).containsExactly(4L, 5L);

        // When 5 commits and is published from the gaps
        cursor.published(List.of(5L));

        // Then only 4 is still looked for, and the position stays where it was
        assertThat(cursor.gaps(10)).containsExactly(4L);
        assertThat(cursor.after()).isEqualTo(7);
    }

    @Test
    void aHoleOlderThanAnyTransactionIsForgotten() {
        cursor.published(List.of(1L, 3L));
        nanos.addAndGet(Duration.ofSeconds(61).toNanos());

        assertThat(cursor.gaps(10)).isEmpty();
    }

    @Test
    void holesExpireInTheOrderTheyWereMissedAndAFilledOneIsNotLookedAtAgain() {
        cursor.published(List.of(1L, 3L, 5L));
        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        cursor.published(List.of(4L, 7L, 9L));
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());

        assertThat(cursor.gaps(10)).containsExactly(6L, 8L);
        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThat(cursor.gaps(10)).isEmpty();
    }

    @Test
    void theIdsBelowTheFirstRowFoundFromTheStartAreNoGaps() {
        cursor.published(List.of(1_000_000L, 1_000_002L));

        assertThat(cursor.gaps(10)).containsExactly(1_000_001L);
    }

    @Test
    void aRescanFromTheFirstIdComesEveryInterval() {
        cursor.published(List.of(10L, 12L));
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(cursor.after()).isEqualTo(12);

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(cursor.after()).isZero();
        assertThat(cursor.gaps(10)).isEmpty();
    }

    @Test
    void tooManyHolesToRememberBringTheRescanForward() {
        cursor.published(List.of(1L));
        cursor.published(List.of(RelayCursor.MOST_GAPS + 10L));

        assertThat(cursor.after()).isZero();
    }

    @Test
    void afterLosingTheLeaseTheRelayStartsFromTheFirstId() {
        cursor.published(LongStream.rangeClosed(1, 5).boxed().toList());

        cursor.restart();

        assertThat(cursor.after()).isZero();
    }
}
