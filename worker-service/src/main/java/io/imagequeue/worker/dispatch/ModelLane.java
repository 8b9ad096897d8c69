package io.imagequeue.worker.dispatch;

import io.imagequeue.worker.ratelimit.Grant;
import io.imagequeue.worker.ratelimit.RateLimitStore;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * One model's jobs waiting for upstream permits on this worker. Interactive jobs are always served
 * before batch jobs. A single pump per lane asks the shared limiter for as many permits as jobs
 * wait, so waiting costs one database round trip per grant, not one per job.
 *
 * <p>Back-pressure: when {@code capacity} jobs wait, the partitions their records come from are
 * paused (batch partitions as soon as the lane is full, interactive ones only when interactive jobs
 * alone fill it), so the rest of the backlog waits in Kafka; they are resumed when the lane is down
 * to half. Records fetched before a pause took effect (a resume lets a whole poll in at once) are
 * still held, up to {@code holdLimit}; only past that is a job handed back for the caller to defer.
 */
final class ModelLane {

    private static final Logger LOG = Logger.getLogger(ModelLane.class);
    /** Spreads the workers waking for the same freed slot of the window over a few milliseconds. */
    private static final int WAKE_JITTER_MILLIS = 15;
    private static final long THROUGHPUT_WINDOW_NANOS = Duration.ofSeconds(60).toNanos();

    /** What the lane hands granted jobs to, and how it learns about free capacity. */
    interface Runner {
        int freeCapacity();

        void run(PendingJob job, UUID permit);

        /** Reports a grant: how long the job waited, and the permits the window had left. */
        void granted(String model, PendingJob job, long permitsLeft);
    }

    /** Stops and restarts the delivery of records from the partitions a lane's jobs come from. */
    interface Pauses {
        void pause(TopicPartition partition);

        void resume(Collection<TopicPartition> partitions);
    }

    private final String model;
    private final int capacity;
    private final int holdLimit;
    private final RateLimitStore limits;
    private final Runner runner;
    private final Pauses pauses;
    private final Vertx vertx;
    private final Duration margin;
    private final Duration lease;
    private final Duration pollInterval;
    private final Deque<PendingJob> interactive = new ArrayDeque<>();
    private final Deque<PendingJob> batch = new ArrayDeque<>();
    private final Set<TopicPartition> pausedInteractive = new HashSet<>();
    private final Set<TopicPartition> pausedBatch = new HashSet<>();
    /** When the last minute's permits were granted here ({@link System#nanoTime()}): the lane's real throughput. */
    private final Deque<Long> recentGrants = new ArrayDeque<>();
    private boolean pumping;
    private boolean stopped;

    ModelLane(String model, int capacity, int holdLimit, RateLimitStore limits, Runner runner, Pauses pauses,
              Vertx vertx, Duration margin, Duration lease, Duration pollInterval) {
        this.model = model;
        this.capacity = Math.max(1, capacity);
        this.holdLimit = Math.max(this.capacity, holdLimit);
        this.limits = limits;
        this.runner = runner;
        this.pauses = pauses;
        this.vertx = vertx;
        this.margin = margin;
        this.lease = lease;
        this.pollInterval = pollInterval;
    }

    /**
     * Queues a job, pausing its partition when the lane is full. Returns the job that could not be
     * held (the new one, or the newest batch job an interactive one displaced), which the caller
     * defers; null when everything fits, which is always the case while pauses take effect.
     */
    synchronized PendingJob offer(PendingJob job) {
        PendingJob overflow = null;
        if (waiting() >= holdLimit) {
            if (job.isBatch() || batch.isEmpty()) {
                pauseSourceOf(job);
                return job;
            }
            overflow = batch.pollLast();
        }
        (job.isBatch() ? batch : interactive).addLast(job);
        if (job.isBatch() ? waiting() >= capacity : interactive.size() >= capacity) {
            pauseSourceOf(job);
        }
        startPumping();
        return overflow;
    }

    synchronized int waiting() {
        return interactive.size() + batch.size();
    }

    /**
     * About how long this lane needs to start {@code jobs} more, from the permits it was granted in
     * the last minute; null when it has no recent grants to judge by.
     */
    synchronized Duration timeToStart(int jobs) {
        long now = System.nanoTime();
        forgetOldGrants(now);
        if (recentGrants.size() < 2) {
            return null;
        }
        double seconds = (now - recentGrants.peekFirst()) / 1e9;
        double perSecond = recentGrants.size() / Math.max(1.0, seconds);
        return Duration.ofMillis((long) (1000 * jobs / perSecond));
    }

    /** Called when capacity was freed on this worker: a lane that stopped for lack of it resumes. */
    synchronized void nudge() {
        if (waiting() > 0) {
            startPumping();
        }
    }

    /** Stops granting; waiting jobs stay unacknowledged, so Kafka redelivers them to another worker. */
    synchronized void stop() {
        stopped = true;
    }

    private void pauseSourceOf(PendingJob job) {
        if (job.source() == null) {
            return;
        }
        (job.isBatch() ? pausedBatch : pausedInteractive).add(job.source());
        // Always asked again: a rebalance may have resumed a partition this lane still counts as paused.
        pauses.pause(job.source());
    }

    private void resumeIfRoom() {
        int low = capacity / 2;
        if (!pausedInteractive.isEmpty() && interactive.size() <= low) {
            pauses.resume(Set.copyOf(pausedInteractive));
            pausedInteractive.clear();
        }
        if (!pausedBatch.isEmpty() && waiting() <= low) {
            pauses.resume(Set.copyOf(pausedBatch));
            pausedBatch.clear();
        }
    }

    private void startPumping() {
        if (!pumping && !stopped) {
            pumping = true;
            vertx.runOnContext(ignored -> pump());
        }
    }

    private void pump() {
        int wanted;
        synchronized (this) {
            wanted = stopped ? 0 : Math.min(waiting(), runner.freeCapacity());
            if (wanted == 0) {
                pumping = false;
                return;
            }
        }
        IsolatedContexts.run(vertx, () -> limits.acquire(model, wanted, margin, lease)).subscribe().with(this::granted, failure -> {
            LOG.warnf("permits for %s unavailable: %s", model, failure.getMessage());
            later(pollInterval.multipliedBy(4));
        });
    }

    private void granted(Grant grant) {
        for (UUID permit : grant.permits()) {
            PendingJob next = next();
            if (next == null) {
                IsolatedContexts.run(vertx, () -> limits.refund(permit))
                        .subscribe().with(ok -> { }, f -> LOG.debugf("refund failed: %s", f));
            } else {
                runner.granted(model, next, grant.permitsLeft());
                runner.run(next, permit);
            }
        }
        if (grant.retryIn() != null) {
            // The window is full: ask again exactly when its oldest call leaves it, not on a fixed beat.
            later(grant.retryIn().plusMillis(ThreadLocalRandom.current().nextInt(WAKE_JITTER_MILLIS + 1)));
        } else {
            later(grant.permits().isEmpty() ? pollInterval : Duration.ZERO);
        }
    }

    private synchronized PendingJob next() {
        if (stopped) {
            return null;
        }
        PendingJob job = interactive.pollFirst();
        if (job == null) {
            job = batch.pollFirst();
        }
        if (job != null) {
            long now = System.nanoTime();
            recentGrants.addLast(now);
            forgetOldGrants(now);
            resumeIfRoom();
        }
        return job;
    }

    private void forgetOldGrants(long now) {
        while (!recentGrants.isEmpty() && now - recentGrants.peekFirst() > THROUGHPUT_WINDOW_NANOS) {
            recentGrants.pollFirst();
        }
    }

    private void later(Duration delay) {
        if (delay.isZero()) {
            vertx.runOnContext(ignored -> pump());
        } else {
            vertx.setTimer(Math.max(1, delay.toMillis()), id -> pump());
        }
    }
}
