package io.imagequeue.worker.dispatch;

import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.catalog.ModelSpec;
import io.imagequeue.model.message.TaskTopics;
import io.imagequeue.model.task.TaskPriority;
import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.metrics.TaskMetrics;
import io.imagequeue.worker.ratelimit.ModelLimits;
import io.imagequeue.worker.ratelimit.RateLimitStore;
import io.imagequeue.worker.tasks.TaskStore;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Routes delivered jobs into per-model lanes and runs the ones the shared limiter grants. A full
 * lane pauses its model's partitions, so a backlog waits in Kafka; what a lane still cannot hold is
 * deferred through the outbox. Nothing here blocks the Kafka consumer, and pauses are per model
 * topic partition, so one model's backlog never delays another model's tasks.
 */
@ApplicationScoped
public class Dispatcher implements ModelLane.Runner {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final Duration LONGEST_DEFERRAL = Duration.ofMinutes(2);

    private final Map<String, ModelLane> lanes = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final TaskProcessor processor;
    private final RateLimitStore limits;
    private final TaskStore tasks;
    private final ModelCatalog catalog;
    private final ModelLimits modelLimits;
    private final WorkerConfig config;
    private final Vertx vertx;
    private final TaskMetrics metrics;
    private final ModelLane.Pauses pauses;
    private final int recordsPerPoll;
    private volatile boolean accepting = true;

    public Dispatcher(TaskProcessor processor, RateLimitStore limits, TaskStore tasks, ModelCatalog catalog,
                      ModelLimits modelLimits, WorkerConfig config, Vertx vertx, TaskMetrics metrics,
                      PartitionPauses pauses,
                      @ConfigProperty(name = "mp.messaging.incoming." + TaskJobConsumer.CHANNEL + ".max.poll.records",
                              defaultValue = "500") int recordsPerPoll) {
        this.metrics = metrics;
        this.pauses = pauses;
        this.recordsPerPoll = recordsPerPoll;
        metrics.inFlight(running::get);
        this.processor = processor;
        this.limits = limits;
        this.tasks = tasks;
        this.catalog = catalog;
        this.modelLimits = modelLimits;
        this.config = config;
        this.vertx = vertx;
    }

    /** Takes a delivered job; returns false when this worker is draining and leaves the job to Kafka. */
    public boolean accept(PendingJob job) {
        if (!accepting) {
            return false;
        }
        ModelSpec model = catalog.resolve(job.job().model());
        ModelLane lane = lanes.computeIfAbsent(model.id(), id -> newLane(model));
        PendingJob overflow = lane.offer(job);
        if (overflow != null) {
            defer(overflow, model, lane);
        }
        return true;
    }

    @Override
    public int freeCapacity() {
        return accepting ? Math.max(0, config.dispatch().maxInFlight() - running.get()) : 0;
    }

    @Override
    public void granted(String model, PendingJob job, long permitsLeft) {
        metrics.waitedForPermit(model, Duration.ofNanos(System.nanoTime() - job.receivedAtNanos()));
        metrics.tokensLeft(model, permitsLeft);
    }

    @Override
    public void run(PendingJob job, UUID permit) {
        running.incrementAndGet();
        IsolatedContexts.run(vertx, () -> processor.process(job.job(), permit, job.trace()))
                .onTermination().invoke(() -> {
                    running.decrementAndGet();
                    job.acknowledge();
                    lanes.values().forEach(ModelLane::nudge);
                })
                .subscribe().with(done -> { }, failure -> LOG.errorf(failure, "task %s: dispatch failed", job.job().taskId()));
    }

    /**
     * Jobs handed to the processor and not yet finished, claims under way included: what bounds this
     * worker's capacity and what the drain waits for. The claimed ones are {@link InFlightTasks}.
     */
    public int running() {
        return running.get();
    }

    /** Draining: no new permits, no new jobs; what waits in the lanes is left unacknowledged for another worker. */
    public void stopAccepting() {
        accepting = false;
        lanes.values().forEach(ModelLane::stop);
    }

    private ModelLane newLane(ModelSpec model) {
        WorkerConfig.RateLimit settings = config.rateLimit();
        // A lane also holds what a pause cannot stop any more: the poll that filled it, and one more
        // that may pass on the polling thread before the pause is applied there.
        int holdLimit = settings.laneCapacity() + 2 * recordsPerPoll;
        return new ModelLane(model.id(), settings.laneCapacity(), holdLimit, limits, this, pauses, vertx,
                settings.windowMargin(), config.dispatch().lease(), settings.pollInterval());
    }

    /**
     * Lets go of a job this worker cannot hold now (its lane is over the hold limit, which happens
     * only while a pause takes effect): the task stays queued, and an outbox row sends its job again
     * after about the time this lane needs to start what waits in it, judged by the permits it really
     * got in the last minute (or, with none yet, by the model's per-minute limit).
     */
    private void defer(PendingJob job, ModelSpec model, ModelLane lane) {
        int waiting = lane.waiting();
        Duration measured = lane.timeToStart(waiting);
        long millis = measured != null ? measured.toMillis()
                : (long) (60_000.0 * waiting / modelLimits.of(model.id()).requestsPerMinute());
        millis = Math.min(LONGEST_DEFERRAL.toMillis(), Math.max(1_000, millis));
        Duration delay = Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(millis / 4 + 1));
        TaskPriority priority = job.isBatch() ? TaskPriority.BATCH : TaskPriority.INTERACTIVE;
        byte[] payload = TaskJobConsumer.CODEC.encode(job.job());
        String topic = TaskTopics.of(model, priority);
        IsolatedContexts.run(vertx, () -> config.dispatch().fairShare()
                        ? tasks.deferWakeUp(job.job().taskId(), model.id(), priority.wire(), delay, topic, payload)
                        : tasks.deferQueued(job.job().taskId(), delay, topic, payload))
                        .subscribe().with(
                                deferred -> {
                                    LOG.debugf("task %s deferred %d ms (lane for %s full)", job.job().taskId(),
                                            delay.toMillis(), model.id());
                                    job.acknowledge();
                                },
                                failure -> LOG.warnf("task %s could not be deferred (%s); Kafka will redeliver it",
                                        job.job().taskId(), failure.getMessage()));
    }
}
