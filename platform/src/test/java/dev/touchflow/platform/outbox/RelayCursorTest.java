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
    void aHoleOlderThanAnyTransactionIsNoLongerAGapAndWaitsForOneMoreLookByTheLookBehind() {
        cursor.published(List.of(1L, 3L));
        nanos.addAndGet(Duration.ofSeconds(61).toNanos());

        assertThat(cursor.gaps(10)).isEmpty();
        assertThat(cursor.expiredGaps()).containsExactly(2L);
    }

    @Test
    void afterTheFirstLookBehindFromTheFirstIdTheNextOnesLookOnlyAtExpiredGapsAndOnlyWhenThereAreAny() {
        cursor.published(List.of(1L, 2L));
        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        assertThat(cursor.rescanDue()).isTrue();
        assertThat(cursor.rescanFromTheFirstId()).isTrue();
        cursor.rescanned();

        nanos.addAndGet(Duration.ofSeconds(60).toNanos());
        assertThat(cursor.rescanDue()).isFalse();

        cursor.published(List.of(4L));
        nanos.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(cursor.gaps(10)).isEmpty();
        assertThat(cursor.rescanDue()).isTrue();
        assertThat(cursor.rescanFromTheFirstId()).isFalse();
        assertThat(cursor.expiredGaps()).containsExactly(3L);

        cursor.rescanned();
        assertThat(cursor.expiredGaps()).isEmpty();
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
    void aLookBehindThePositionComesEveryIntervalAndKeepsThePositionAndItsGaps() {
        cursor.published(List.of(10L, 12L));
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(cursor.rescanDue()).isFalse();

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(cursor.rescanDue()).isTrue();
        assertThat(cursor.after()).isEqualTo(12);
        cursor.rescanned();
        assertThat(cursor.rescanDue()).isFalse();
    }

    @Test
    void rowsFoundBehindThePositionDoNotMoveItAndAGapStillOpenStaysAGap() {
        // Given 11 missed a minute ago, and 13 and 14 still being written when 15 and 16 were published
        cursor.published(List.of(10L, 12L));
        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        cursor.published(List.of(15L, 16L));
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(cursor.gaps(10)).containsExactly(13L, 14L);
        assertThat(cursor.rescanDue()).isTrue();

        // When the look behind finds 11, whose gap had expired, and 13, committed meanwhile
        cursor.published(List.of(11L, 13L));
        cursor.rescanned();

        // Then the next batch still starts after 16, and 14 is still looked for
        assertThat(cursor.after()).isEqualTo(16);
        assertThat(cursor.gaps(10)).containsExactly(14L);
    }

    @Test
    void tooManyHolesToRememberBringTheLookBehindForward() {
        cursor.published(List.of(1L));
        cursor.rescanned();
        cursor.published(List.of(RelayCursor.MOST_GAPS + 10L));

        assertThat(cursor.rescanDue()).isTrue();
        assertThat(cursor.rescanFromTheFirstId()).isTrue();
        assertThat(cursor.after()).isEqualTo(RelayCursor.MOST_GAPS + 10L);
    }

    @Test
    void afterLosingTheLeaseTheRelayStartsFromTheFirstId() {
        cursor.published(LongStream.rangeClosed(1, 5).boxed().toList());

        cursor.rescanned();

        cursor.restart();

        assertThat(cursor.after()).isZero();
        assertThat(cursor.rescanFromTheFirstId()).isTrue();
    }
}
