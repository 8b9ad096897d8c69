package io.imagequeue.model.webhook;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a failed delivery is tried again: the n-th retry waits the n-th duration after the failed
 * attempt; past the last one the delivery is abandoned. Written as comma-separated ISO-8601
 * durations ({@code PT5S,PT5M,PT30M,PT2H,PT5H,PT10H,PT10H} by default).
 */
public record RetrySchedule(List<Duration> delays) {

    public static final String DEFAULT = "PT5S,PT5M,PT30M,PT2H,PT5H,PT10H,PT10H";

    public RetrySchedule {
        delays = List.copyOf(delays);
    }

    /** @throws IllegalArgumentException naming the entry that is not a positive ISO-8601 duration */
    public static RetrySchedule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the webhook retry schedule is empty");
        }
        List<Duration> delays = new ArrayList<>();
        for (String part : text.split(",")) {
            String entry = part.trim();
            Duration delay;
            try {
                delay = Duration.parse(entry);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + entry + "' in the webhook retry schedule is not an ISO-8601 duration such as PT5S");
            }
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("'" + entry + "' in the webhook retry schedule must be positive");
            }
            delays.add(delay);
        }
        return new RetrySchedule(delays);
    }

    /** The wait after the given failed attempt (1 = the first), or empty when the delivery is abandoned. */
    public Optional<Duration> afterAttempt(int failedAttempts) {
        return failedAttempts >= 1 && failedAttempts <= delays.size()
                ? Optional.of(delays.get(failedAttempts - 1)) : Optional.empty();
    }

    /** Attempts in all: the first plus one per delay. */
    public int maxAttempts() {
        return delays.size() + 1;
    }
}
