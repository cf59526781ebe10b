package dev.touchflow.dispatch.limit;

import dev.touchflow.dispatch.config.DispatchProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Whether a mailbox may send now: under its daily limit, counted in its own time zone, and past
 * the minimum gap since its last send. A send that may not go now waits (for the next day's
 * window, or for the gap to pass); it is never dropped.
 */
public final class Admission {

    private Admission() {}

    /**
     * @param sentToday  sends this mailbox made on its local day of {@code now}
     * @param nextFreeAt when the mailbox may send next, or null
     * @param random     in [0, 1), the share of the jitter added to the next gap
     */
    public static Decision decide(
            DispatchProperties.Mailbox mailbox, int sentToday, Instant nextFreeAt, Instant now, double random) {
        LocalDate day = LocalDate.ofInstant(now, mailbox.timezone());
        if (sentToday >= mailbox.dailyLimit()) {
            Instant nextWindow = day.plusDays(1)
                    .atTime(mailbox.windowStart())
                    .atZone(mailbox.timezone())
                    .toInstant();
            return new Decision(
                    false,
                    day,
                    nextWindow,
                    null,
                    "daily limit of " + mailbox.dailyLimit() + " reached for " + mailbox.address() + " on " + day
                            + "; waits for the next day's window");
        }
        if (nextFreeAt != null && now.isBefore(nextFreeAt)) {
            return new Decision(
                    false, day, nextFreeAt, null, "waits for the minimum gap between sends from " + mailbox.address());
        }
        Duration gap = mailbox.minGap().plusMillis((long) (mailbox.jitter().toMillis() * random));
        return new Decision(true, day, now, now.plus(gap), null);
    }

    /**
     * @param admit      send now
     * @param day        the mailbox's local day the send counts on
     * @param notBefore  when it may go, if not now
     * @param nextFreeAt when the mailbox may send again, if admitted
     * @param reason     why it waits
     */
    public record Decision(boolean admit, LocalDate day, Instant notBefore, Instant nextFreeAt, String reason) {}
}
