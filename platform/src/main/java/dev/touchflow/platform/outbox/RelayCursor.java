package dev.touchflow.platform.outbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Where the relay's next batch starts: after the highest id it has published, so it never walks
 * again over the index entries of rows it already deleted (they stay until vacuum, which visits a
 * busy outbox once a minute at best). An id is drawn when a row is inserted, not when it commits,
 * so a lower id can commit after a higher one was published: each hole in the ids a batch returns
 * is remembered as a gap and looked at again until it fills, or until it is older than any
 * transaction of ours runs (it was rolled back). The look behind the position, every so often, is
 * the safety net: it looks once more at the gaps that expired since the last one, by id; and, after
 * a start (the ids below the first row found were never gaps) or when there were more holes than
 * it remembers, it looks from the first id. Neither moves the position or forgets the open gaps: a
 * rescan that started again from the first id would find the lowest committed row and pass over the
 * holes below it, whose rows were still being written, as no gaps. Nor does it walk, every time,
 * over the entries of every row deleted since vacuum last came (300 ms at 10,000 rows a second).
 */
final class RelayCursor {

    static final int MOST_GAPS = 100_000;

    private final long gapLifeNanos;
    private final long rescanNanos;
    private final LongSupplier nanoTime;
    private final TreeMap<Long, Long> gaps = new TreeMap<>();
    /** The gaps' ids in the order they were missed, so the expired ones are found at the head. */
    private final ArrayDeque<Long> missedInOrder = new ArrayDeque<>();
    /** Gaps that expired since the last look behind, for one more look by id. */
    private final TreeSet<Long> expired = new TreeSet<>();

    private long after;
    private long lastRescan;
    private boolean fromTheFirstId = true;

    RelayCursor(Duration gapLife, Duration rescanEvery, LongSupplier nanoTime) {
        this.gapLifeNanos = gapLife.toNanos();
        this.rescanNanos = rescanEvery.toNanos();
        this.nanoTime = nanoTime;
        this.lastRescan = nanoTime.getAsLong();
    }

    /** The id the next batch starts after. */
    long after() {
        return after;
    }

    /** Whether it is time to look behind the position, and there is anything to look at. */
    boolean rescanDue() {
        return nanoTime.getAsLong() - lastRescan >= rescanNanos && (fromTheFirstId || !expired.isEmpty());
    }

    /** Whether the look behind goes from the first id; if not, it looks only at {@link #expiredGaps}. */
    boolean rescanFromTheFirstId() {
        return fromTheFirstId;
    }

    /** The gaps that expired since the last look behind, lowest first. */
    List<Long> expiredGaps() {
        return List.copyOf(expired);
    }

    /** The look behind the position is done; the next one comes an interval from now. */
    void rescanned() {
        lastRescan = nanoTime.getAsLong();
        fromTheFirstId = false;
        expired.clear();
    }

    /** Forgets the position: the next batch starts from the first id (after losing the lease, say). */
    void restart() {
        after = 0;
        gaps.clear();
        missedInOrder.clear();
        expired.clear();
        lastRescan = nanoTime.getAsLong();
        fromTheFirstId = true;
    }

    /** Holes still worth a look, lowest first, at most {@code limit}; expired ones wait for the look behind. */
    List<Long> gaps(int limit) {
        long now = nanoTime.getAsLong();
        while (!missedInOrder.isEmpty()) {
            Long missedAt = gaps.get(missedInOrder.peekFirst());
            if (missedAt != null && now - missedAt <= gapLifeNanos) {
                break;
            }
            Long id = missedInOrder.pollFirst();
            if (gaps.remove(id) != null && expired.size() < MOST_GAPS) {
                expired.add(id);
            } else if (missedAt != null) {
                fromTheFirstId = true;
            }
        }
        if (missedInOrder.size() > 2 * MOST_GAPS) {
            missedInOrder.removeIf(id -> !gaps.containsKey(id));
        }
        return gaps.keySet().stream().limit(limit).toList();
    }

    /**
     * Records a published batch, ids ascending: holes between them become gaps, filled gaps go;
     * ids behind the position (from gaps or a look behind) leave it where it is.
     */
    void published(List<Long> ids) {
        long now = nanoTime.getAsLong();
        for (long id : ids) {
            if (gaps.remove(id) != null || expired.remove(id) || id <= after) {
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
            fromTheFirstId = true;
            lastRescan = now - rescanNanos;
        }
    }
}
