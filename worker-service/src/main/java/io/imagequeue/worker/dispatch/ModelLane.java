package io.imagequeue.worker.dispatch;

import io.imagequeue.worker.ratelimit.Grant;
import io.imagequeue.worker.ratelimit.RateLimitStore;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * One model's jobs waiting for upstream permits on this worker. Interactive jobs are always served
 * before batch jobs. A single pump per lane asks the shared limiter for as many permits as jobs
 * wait, so waiting costs one database round trip per grant, not one per job.
 */
final class ModelLane {

    private static final Logger LOG = Logger.getLogger(ModelLane.class);

    /** What the lane hands granted jobs to, and how it learns about free capacity. */
    interface Runner {
        int freeCapacity();

        void run(PendingJob job, UUID permit);

        /** Reports a grant: how long the job waited, and the permits the window had left. */
        void granted(String model, PendingJob job, long permitsLeft);
    }

    private final String model;
    private final int capacity;
    private final RateLimitStore limits;
    private final Runner runner;
    private final Vertx vertx;
    private final Duration margin;
    private final Duration lease;
    private final Duration pollInterval;
    private final Deque<PendingJob> interactive = new ArrayDeque<>();
    private final Deque<PendingJob> batch = new ArrayDeque<>();
    private boolean pumping;
    private boolean stopped;

    ModelLane(String model, int capacity, RateLimitStore limits, Runner runner, Vertx vertx,
              Duration margin, Duration lease, Duration pollInterval) {
        this.model = model;
        this.capacity = capacity;
        this.limits = limits;
        this.runner = runner;
        this.vertx = vertx;
        this.margin = margin;
        this.lease = lease;
        this.pollInterval = pollInterval;
    }

    /**
     * Queues a job. Returns the job that did not fit (the new one, or the newest batch job an
     * interactive one displaced), which the caller defers; null when everything fits.
     */
    synchronized PendingJob offer(PendingJob job) {
        PendingJob overflow = null;
        if (waiting() >= capacity) {
            if (job.isBatch() || batch.isEmpty()) {
                return job;
            }
            overflow = batch.pollLast();
        }
        (job.isBatch() ? batch : interactive).addLast(job);
        startPumping();
        return overflow;
    }

    synchronized int waiting() {
        return interactive.size() + batch.size();
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
        if (!grant.permits().isEmpty()) {
            later(Duration.ZERO);
        } else {
            later(grant.retryIn() != null ? grant.retryIn() : pollInterval);
        }
    }

    private synchronized PendingJob next() {
        if (stopped) {
            return null;
        }
        PendingJob job = interactive.pollFirst();
        return job != null ? job : batch.pollFirst();
    }

    private void later(Duration delay) {
        if (delay.isZero()) {
            vertx.runOnContext(ignored -> pump());
        } else {
            vertx.setTimer(Math.max(1, delay.toMillis()), id -> pump());
        }
    }
}
