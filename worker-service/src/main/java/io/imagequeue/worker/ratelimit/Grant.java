package io.imagequeue.worker.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The answer to a permit request: the permits granted (each one upstream call), and when the window
 * or a 429 block leaves no more, how long until one may be (null when only another call's end can
 * free one, or when more may be granted at once).
 */
public record Grant(List<UUID> permits, Duration retryIn, long permitsLeft) {

    static Grant none(Duration retryIn) {
        return new Grant(List.of(), retryIn, 0);
    }
}
