package dev.touchflow.platform.outbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Where the relay's next batch starts: after the highest id it has published, so it never walks
 * again over the index entries of rows it already deleted (they stay until vacuum, which visits a
 * busy outbox once a minute at best). An id is drawn when a row is inserted, not when it commits,
 * so a lower id can commit after a higher one was published: each hole in the ids a batch returns
 * is remembered as a gap and looked at again until it fills, or until it is older than any
 * transaction of ours runs (it was rolled back). A rescan from the first id, every so often, is
 * the safety net for anything else, such as a hole below the first row found after a restart.
 */
final class RelayCursor {

    static final int MOST_GAPS = 100_000;

    private final long gapLifeNanos;
    private final long rescanNanos;
    private final LongSupplier nanoTime;
    private final TreeMap<Long, Long> gaps = new TreeMap<>();
    /** The gaps' ids in the order they were missed, so the expired ones are found at the head. */
    private final ArrayDeque<Long> missedInOrder = new ArrayDeque<>();
    private long after;
    private long lastRescan;

    RelayCursor(Duration gapLife, Duration rescanEvery, LongSupplier nanoTime) {
        this.gapLifeNanos = gapLife.toNanos();
        this.rescanNanos = rescanEvery.toNanos();
        this.nanoTime = nanoTime;
        this.lastRescan = nanoTime.getAsLong();
    }

    /** The id the next batch starts after; 0, a rescan from the start, when one is due. */
    long after() {
        if (nanoTime.getAsLong() - lastRescan >= rescanNanos) {
            restart();
        }
        return after;
    }

    /** Forgets the position: the next batch starts from the first id (after losing the lease, say). */
    void restart() {
        after = 0;
        gaps.clear();
        missedInOrder.clear();
        lastRescan = nanoTime.getAsLong();
    }

    /** Holes still worth a look, lowest first, at most {@code limit}; expired ones are dropped. */
    List<Long> gaps(int limit) {
        long now = nanoTime.getAsLong();
        while (!missedInOrder.isEmpty()) {
            Long missedAt = gaps.get(missedInOrder.peekFirst());
            if (missedAt != null && now - missedAt <= gapLifeNanos) {
                break;
            }
            gaps.remove(missedInOrder.pollFirst());
        }
        if (missedInOrder.size() > 2 * MOST_GAPS) {
            missedInOrder.removeIf(id -> !gaps.containsKey(id));
        }
        return gaps.keySet().stream().limit(limit).toList();
    }

    /** Records a published batch, ids ascending: holes between them become gaps, filled gaps go. */
    void published(List<Long> ids) {
        long now = nanoTime.getAsLong();
        for (long id : ids) {
            if (gaps.remove(id) != null || id <= after) {
                continue;
            }
            if (after > 0) {
                for (long missing = after + 1; missing < id && gaps.size() < MOST_GAPS; missing++) {
                    gaps.put(missing, now);
                    missedInOrder.addLast(missing);
                }
            }
            after = id;
        }
        if (gaps.size() >= MOST_GAPS) {
            lastRescan = now - rescanNanos;
        }
    }
}
