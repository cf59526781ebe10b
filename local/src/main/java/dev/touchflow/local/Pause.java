package dev.touchflow.local;

import java.time.Duration;

/** The runner's one way to wait between two looks at something: an interrupt ends the wait and the loop. */
public final class Pause {

    private Pause() {}

    public static void of(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
