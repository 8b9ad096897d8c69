package io.imagequeue.worker.storage;

import io.imagequeue.objectstore.ObjectStoreException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/**
 * Retries a blocking object-store operation in place while the store does not answer: exponential
 * backoff from {@code initialBackoff} up to {@code maxBackoff}, for at most {@code window} and never
 * past a limit the caller gives (the task's deadline). Waiting costs no thread: the pauses are timers.
 * Once the time is up, the last {@link ObjectStoreException} is the failure.
 *
 * <p>Why in place: an upload that fails after the provider answered would otherwise cost a new
 * attempt, which calls the provider (and pays for the images) again, and a short outage would burn
 * a task's attempts in seconds. The task keeps its lease meanwhile, since the worker renews the
 * leases of every task in flight.
 */
final class StoreRetries {

    private static final Logger LOG = Logger.getLogger(StoreRetries.class);

    private final Duration window;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    StoreRetries(Duration window, Duration initialBackoff, Duration maxBackoff) {
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive and at most its maximum: "
                    + initialBackoff + ", " + maxBackoff);
        }
        this.window = window;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /**
     * Runs {@code operation} on a worker thread, again while it fails with an
     * {@link ObjectStoreException}, until the window or {@code notAfterEpochMillis} would pass.
     * Other failures are not retried.
     */
    <T> Uni<T> run(String what, Callable<T> operation, long notAfterEpochMillis) {
        long giveUpAt = Math.min(System.currentTimeMillis() + window.toMillis(), notAfterEpochMillis);
        return attempt(what, operation, giveUpAt, 1);
    }

    private <T> Uni<T> attempt(String what, Callable<T> operation, long giveUpAt, int tries) {
        return Uni.createFrom().item(() -> call(operation))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(ObjectStoreException.class).recoverWithUni(failure -> {
                    Duration pause = backoff(tries);
                    if (System.currentTimeMillis() + pause.toMillis() >= giveUpAt) {
                        LOG.warnf("%s: the object store still fails after %d tries; giving up: %s", what, tries,
                                failure.getMessage());
                        return Uni.createFrom().failure(failure);
                    }
                    if (tries == 1) {
                        LOG.warnf("%s: the object store fails (%s); retrying for up to %d s", what, failure.getMessage(),
                                Math.max(0, (giveUpAt - System.currentTimeMillis()) / 1000));
                    }
                    return Uni.createFrom().voidItem().onItem().delayIt().by(pause)
                            .chain(() -> attempt(what, operation, giveUpAt, tries + 1))
                            .invoke(() -> {
                                if (tries == 1) {
                                    LOG.infof("%s: the object store answered again", what);
                                }
                            });
                });
    }

    /** {@code initialBackoff * 2^(tries-1)}, at most {@code maxBackoff}. */
    Duration backoff(int tries) {
        double millis = initialBackoff.toMillis() * Math.pow(2, Math.min(30, tries - 1));
        return Duration.ofMillis((long) Math.min(maxBackoff.toMillis(), millis));
    }

    private static <T> T call(Callable<T> operation) {
        try {
            return operation.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ObjectStoreException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
