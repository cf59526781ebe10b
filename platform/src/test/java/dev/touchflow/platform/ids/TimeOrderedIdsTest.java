package dev.touchflow.platform.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void idsAreVersionSevenAndCarryTheirCreationTime() {
        long before = System.currentTimeMillis();
        UUID id = TimeOrderedIds.next();
        long after = System.currentTimeMillis();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
    }

    @Test
    void idsMadeOneAfterAnotherSortAsTheyWereMadeAndNeverRepeat() {
        List<UUID> made = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            made.add(TimeOrderedIds.next());
        }

        assertThat(made).isSortedAccordingTo(TimeOrderedIdsTest::unsigned);
        assertThat(new HashSet<>(made)).hasSize(made.size());
    }

    /** How PostgreSQL orders uuid values: byte by byte, unsigned (Java's UUID.compareTo is signed). */
    private static int unsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
