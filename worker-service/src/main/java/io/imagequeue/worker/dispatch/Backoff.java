package io.imagequeue.worker.dispatch;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: {@code random(0, min(max, initial * 2^(attempt-1)))}, at least 10 % of the cap. */
public final class Backoff {

    private Backoff() {
    }

    public static Duration after(int attempt, Duration initial, Duration max) {
        double cap = Math.min(max.toMillis(), initial.toMillis() * Math.pow(2, Math.max(0, attempt - 1)));
        double jittered = cap * (0.1 + 0.9 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.round(jittered));
    }
}
