package io.imagequeue.worker.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.catalog.ModelSpec;
import io.imagequeue.model.message.TaskJob;
import io.imagequeue.model.task.TaskPayload;
import io.imagequeue.objectstore.ObjectStoreException;
import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.images.RequestedSize;
import io.imagequeue.worker.providers.GenerationCall;
import io.imagequeue.worker.providers.GenerationResult;
import io.imagequeue.worker.providers.ProviderFailure;
import io.imagequeue.worker.providers.ProviderRegistry;
import io.imagequeue.worker.storage.ImageArchive;
import io.imagequeue.worker.tasks.ClaimedTask;
import io.imagequeue.worker.tasks.TaskStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.UUID;
import io.imagequeue.model.message.TaskTopics;
import io.imagequeue.model.task.TaskPriority;
import io.imagequeue.worker.ratelimit.RateLimitStore;
import io.imagequeue.worker.metrics.TaskMetrics;
import io.imagequeue.worker.observability.TaskTrace;
import io.imagequeue.worker.observability.TaskTracing;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

/**
 * Runs one delivery of a task job: claim the task, call its provider, store the images, and
 * record the outcome. Every step is guarded by the claim, so a duplicate delivery does nothing.
 */
@ApplicationScoped
public class TaskProcessor {

    private static final Logger LOG = Logger.getLogger(TaskProcessor.class);

    private final TaskStore store;
    private final ProviderRegistry providers;
    private final ImageArchive archive;
    private final ModelCatalog catalog;
    private final InFlightTasks inFlight;
    private final WorkerIdentity identity;
    private final WorkerConfig config;
    private final ObjectMapper json;
    private final RateLimitStore limits;
    private final TaskMetrics metrics;
    private final TaskTracing tracing;
    private final ProgressWriteBudget progressBudget;

    public TaskProcessor(TaskStore store, ProviderRegistry providers, ImageArchive archive, ModelCatalog catalog,
                         InFlightTasks inFlight, WorkerIdentity identity, WorkerConfig config, ObjectMapper json,
                         RateLimitStore limits, TaskMetrics metrics, TaskTracing tracing,
                         ProgressWriteBudget progressBudget) {
        this.tracing = tracing;
        this.progressBudget = progressBudget;
        this.limits = limits;
        this.metrics = metrics;
        this.store = store;
        this.providers = providers;
        this.archive = archive;
        this.catalog = catalog;
        this.inFlight = inFlight;
        this.identity = identity;
        this.config = config;
        this.json = json;
    }

    /**
     * Runs one delivered job with a granted upstream permit. Completes when the task reached a
     * durable state (or was not ours to run); never fails. The permit is given back unused when the
     * task cannot be claimed, and released as soon as the upstream call ends. {@code parent} is the
     * trace context the job arrived with; its log lines carry the task address.
     */
    public Uni<Void> process(TaskJob job, UUID permit, io.opentelemetry.context.Context parent) {
        Executor eventLoop = currentContextExecutor();
        return tracing.within(job.taskId(), parent, trace -> claimAndRun(job, permit, eventLoop, trace));
    }

    private Uni<Void> claimAndRun(TaskJob job, UUID permit, Executor eventLoop, TaskTrace trace) {
        return claim(job)
                .flatMap(claimed -> claimed.map(task -> run(task, permit, eventLoop, trace)).orElseGet(() -> {
                    LOG.debugf("job of task %s claimed nothing (duplicate, canceled, finished, not due, or its lane is empty); skipped", job.taskId());
                    return limits.refund(permit);
                }))
                .onFailure().invoke(f -> LOG.errorf(f, "task %s: processing failed; the lease will return it", job.taskId()))
                .onFailure().recoverWithNull();
    }

    /**
     * The fair scheduler runs the lane's next task in fair order, which may be another task than the
     * job's: every queued task has a job of its lane in Kafka, so each one is run by some job.
     */
    private Uni<Optional<ClaimedTask>> claim(TaskJob job) {
        return config.dispatch().fairShare()
                ? store.claimNext(catalog.resolve(job.model()).id(), job.priority(), identity.id(), config.dispatch().lease())
                : store.claim(job.taskId(), identity.id(), config.dispatch().lease());
    }

    private Uni<Void> run(ClaimedTask task, UUID permit, Executor eventLoop, TaskTrace trace) {
        inFlight.started(task.id(), permit);
        metrics.dispatched(task.model(), task.createdEpochMillis());
        LOG.infof("task %s claimed for attempt %d of %d", task.id(), task.attempt(), task.maxAttempts());
        return Uni.createFrom().deferred(() -> attempt(task, permit, eventLoop, trace))
                .onTermination().call(() -> limits.release(permit).onFailure().recoverWithNull())
                .onTermination().invoke(() -> inFlight.ended(task.id()));
    }

    private Uni<Void> attempt(ClaimedTask task, UUID permit, Executor eventLoop, TaskTrace trace) {
        ModelSpec model;
        TaskPayload payload;
        try {
            model = catalog.resolve(task.model());
            payload = json.readValue(task.requestJson(), TaskPayload.class);
        } catch (IOException | RuntimeException unreadable) {
            // Only the failure's type: its message may quote the stored request, prompt included.
            LOG.errorf("task %s: stored request or model unusable (%s)", task.id(), unreadable.getClass().getSimpleName());
            return fail(task, "server_error", "invalid_task", "The task's stored request cannot be processed.");
        }
        long remainingMillis = task.deadlineEpochMillis() - System.currentTimeMillis();
        if (remainingMillis <= 0) {
            return fail(task, "timeout_error", "deadline_exceeded", "The task did not finish before its deadline.");
        }
        // Written only if the adapter reports any: providers without progress cost nothing here.
        AttemptProgress progress = new AttemptProgress(task.id(),
                value -> progressBudget.write(() -> store.recordProgress(task, identity.id(), value)));
        return archive.loadInputs(payload.inputImageKeys(), payload.maskKey())
                .emitOn(eventLoop)
                .onFailure(ObjectStoreException.class)
                .transform(f -> ProviderFailure.retry("storage_unavailable", "The object store is unavailable: " + f.getMessage()))
                .flatMap(inputs -> limits.markSent(permit).chain(() -> timedCall(model, new GenerationCall(
                        task.id(), task.attempt(), model, payload.request(), inputs.images(), inputs.mask(), progress), trace)
                        .onTermination().invoke(progress::end)))
                .ifNoItem().after(Duration.ofMillis(remainingMillis))
                .failWith(() -> ProviderFailure.retry("deadline_exceeded", "The task did not finish before its deadline."))
                .flatMap(result -> fitToRequest(result, payload))
                .emitOn(eventLoop)
                .flatMap(result -> storeAndSucceed(task, result, eventLoop, trace))
                .onFailure().recoverWithUni(failure -> handleFailure(task, model, failure));
    }

    /** The images at exactly the requested size (resampling is CPU work, so off the event loop). */
    private static Uni<GenerationResult> fitToRequest(GenerationResult result, TaskPayload payload) {
        return Uni.createFrom().item(() -> new GenerationResult(RequestedSize.fit(result.images(),
                        payload.request().width(), payload.request().height())))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The provider call, measured (latency by outcome, errors by failure class), traced and logged. */
    private Uni<GenerationResult> timedCall(ModelSpec model, GenerationCall call, TaskTrace trace) {
        long started = System.nanoTime();
        String provider = model.provider().key();
        return trace.providerCall(model, call.attempt(), () -> providers.forProvider(model.provider()).generate(call))
                .onItemOrFailure().invoke((result, failure) -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    LOG.infof("task %s: %s answered %s in %d ms", call.taskId(), provider,
                            failure == null ? "with " + result.images().size() + " image(s)" : outcomeOf(failure), took.toMillis());
                    metrics.providerCall(provider, model.id(), failure == null ? "success" : "failure", took);
                    if (failure instanceof ProviderFailure classified) {
                        metrics.providerError(provider, model.id(), classified.kind().name().toLowerCase(java.util.Locale.ROOT));
                    }
                });
    }

    /** A failed call's class and code only: its message may quote the prompt. */
    private static String outcomeOf(Throwable failure) {
        return failure instanceof ProviderFailure classified
                ? classified.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + classified.code()
                : "unexpected " + failure.getClass().getSimpleName();
    }

    private Uni<Void> storeAndSucceed(ClaimedTask task, GenerationResult result, Executor eventLoop, TaskTrace trace) {
        if (result.images().isEmpty()) {
            return Uni.createFrom().failure(ProviderFailure.retry("provider_no_images", "The provider returned no images."));
        }
        return trace.storageUpload(result.images().size(), () -> archive.store(task, result.images()))
                .emitOn(eventLoop)
                .onFailure(ObjectStoreException.class)
                .transform(f -> ProviderFailure.retry("storage_unavailable", "The object store is unavailable: " + f.getMessage()))
                .flatMap(stored -> store.succeed(task, identity.id(), stored).flatMap(recorded -> {
                    if (recorded) {
                        metrics.finished(task.model(), "succeeded", task.createdEpochMillis());
                        LOG.infof("task %s succeeded with %d image(s) on attempt %d", task.id(), stored.size(), task.attempt());
                        return Uni.createFrom().voidItem();
                    }
                    LOG.infof("task %s was canceled or reassigned while running; its images are discarded", task.id());
                    return archive.discard(stored).onFailure().recoverWithNull();
                }));
    }

    private Uni<Void> handleFailure(ClaimedTask task, ModelSpec model, Throwable failure) {
        ProviderFailure classified = failure instanceof ProviderFailure pf ? pf
                : ProviderFailure.retry("worker_error", "Unexpected failure: " + failure.getMessage());
        if (!(failure instanceof ProviderFailure)) {
            LOG.errorf(failure, "task %s: unexpected failure", task.id());
        }
        if ("deadline_exceeded".equals(classified.code())) {
            return fail(task, "timeout_error", "deadline_exceeded", classified.getMessage());
        }
        return switch (classified.kind()) {
            case PERMANENT -> fail(task, "provider_error", classified.code(), classified.getMessage());
            case SNOOZE -> {
                Duration wait = classified.retryAfter().orElse(config.retry().defaultSnooze());
                // An upstream 429 slows the model for every worker, not just this one.
                yield limits.block(model.id(), wait).onFailure().recoverWithNull()
                        .chain(() -> requeue(task, model, wait, true, classified));
            }
            case RETRY -> task.attempt() >= task.maxAttempts()
                    ? fail(task, "provider_error", classified.code(),
                    classified.getMessage() + " (gave up after " + task.attempt() + " attempts)")
                    : requeue(task, model, Backoff.after(task.attempt(), config.retry().initialBackoff(),
                    config.retry().maxBackoff()), false, classified);
        };
    }

    /** Hibernate Reactive must continue on the Vert.x context the job arrived on, after blocking storage calls. */
    private static Executor currentContextExecutor() {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("task jobs must be processed on a Vert.x context");
        }
        return command -> context.runOnContext(ignored -> command.run());
    }

    private Uni<Void> requeue(ClaimedTask task, ModelSpec model, Duration delay, boolean snooze, ProviderFailure why) {
        long remaining = task.deadlineEpochMillis() - System.currentTimeMillis();
        if (delay.toMillis() >= remaining) {
            return fail(task, "timeout_error", "deadline_exceeded",
                    "The task could not finish before its deadline: " + why.getMessage());
        }
        TaskPriority priority = TaskPriority.fromWire(task.priority());
        byte[] jobPayload = TaskJobConsumer.CODEC.encode(TaskJob.of(task.id(), model.id(), priority));
        LOG.infof("task %s: %s (%s); back in the queue in %d ms", task.id(), why.code(),
                snooze ? "snooze" : "retry", delay.toMillis());
        return store.requeue(task, identity.id(), delay, snooze, TaskTopics.of(model, priority), jobPayload)
                .replaceWithVoid();
    }

    private Uni<Void> fail(ClaimedTask task, String type, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("code", code);
        LOG.infof("task %s failed: %s", task.id(), code);
        metrics.finished(task.model(), "failed", task.createdEpochMillis());
        try {
            return store.fail(task, identity.id(), json.writeValueAsString(error)).replaceWithVoid();
        } catch (IOException e) {
            return Uni.createFrom().failure(e);
        }
    }

}
