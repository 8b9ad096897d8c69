package io.imagequeue.worker.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The answer to a permit request: the permits granted (each one upstream call), and when none
 * were, how long until one may be (null when only another call's end can free one).
 */
public record Grant(List<UUID> permits, Duration retryIn, long permitsLeft) {

    static Grant none(Duration retryIn) {
        return new Grant(List.of(), retryIn, 0);
    }
}
