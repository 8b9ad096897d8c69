package io.imagequeue.worker.dispatch;

import io.imagequeue.worker.providers.ProgressReport;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleFunction;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The provider's progress of one attempt, as the worker writes it to the task: at most one write a
 * second, one at a time, only ever upward, and nothing after the attempt's provider call ended.
 * A write is fire-and-forget: it never delays the report that caused it, and its failure is only
 * logged (at debug), because progress is a courtesy to watchers and must not fail or slow a task.
 * A throttled value is not lost: the next report after the second has passed writes the highest seen.
 * A write that changed nothing (the attempt lost its lease, or the task ended) ends the writing.
 */
final class AttemptProgress implements ProgressReport {

    private static final Logger LOG = Logger.getLogger(AttemptProgress.class);
    static final long MIN_GAP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String taskId;
    private final DoubleFunction<Uni<Boolean>> write;
    private final LongSupplier nanoClock;

    private double highestSeen = -1;
    private double written = -1;
    private boolean writing;
    private boolean everWritten;
    private long lastWriteStartedAt;
    private boolean ended;

    /** {@code write} stores one value under the attempt's lease; {@code nanoClock} is {@link System#nanoTime}. */
    AttemptProgress(String taskId, DoubleFunction<Uni<Boolean>> write, LongSupplier nanoClock) {
        this.taskId = taskId;
        this.write = write;
        this.nanoClock = nanoClock;
    }

    AttemptProgress(String taskId, DoubleFunction<Uni<Boolean>> write) {
        this(taskId, write, System::nanoTime);
    }

    @Override
    public void report(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            return; // out of range or NaN: not a share of the work, whatever the provider meant
        }
        double value;
        synchronized (this) {
            highestSeen = Math.max(highestSeen, fraction);
            long now = nanoClock.getAsLong();
            if (ended || writing || highestSeen <= written
                    || (everWritten && now - lastWriteStartedAt < MIN_GAP_NANOS)) {
                return;
            }
            writing = true;
            everWritten = true;
            lastWriteStartedAt = now;
            value = highestSeen;
        }
        Uni<Boolean> pending;
        try {
            pending = write.apply(value);
        } catch (RuntimeException e) {
            written(value, null, e);
            return;
        }
        pending.subscribe().with(changed -> written(value, changed, null), failure -> written(value, null, failure));
    }

    /** The attempt's provider call ended: later reports (a poll answer still on its way) write nothing. */
    synchronized void end() {
        ended = true;
    }

    private synchronized void written(double value, Boolean changed, Throwable failure) {
        writing = false;
        if (failure == null) {
            written = Math.max(written, value);
            if (!Boolean.TRUE.equals(changed)) {
                // The guard found the task no longer running on this attempt's lease: it is not ours to write.
                ended = true;
            }
        } else {
            LOG.debugf("task %s: progress %.2f not recorded (%s); going on", taskId, value, failure.toString());
        }
    }
}
