package dev.touchflow.dispatch.send;

import java.util.UUID;

/** Which of the sending lanes an enrollment's sends go out on: always the same one, so they keep their order. */
public final class SendingLanes {

    private SendingLanes() {}

    public static int of(UUID enrollmentId, int lanes) {
        return Math.floorMod(enrollmentId.hashCode(), lanes);
    }
}
