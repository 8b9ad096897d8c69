package io.imagequeue.api.batches;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.api.auth.AuthenticatedKey;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.errors.ErrorResponses;
import io.imagequeue.api.http.RequestContexts;
import io.imagequeue.api.tasks.TaskRepository;
import io.imagequeue.objectstore.ObjectStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Moves batches on. Every API replica runs it; each claims a few batches under a lease
 * ({@link BatchStore}) and takes each one step:
 * <ul>
 * <li>{@code validating}: checks the input file ({@link BatchInputCheck}); a bad file is {@code failed}
 * with OpenAI's {@code errors} and nothing queued, a good one is {@code in_progress};</li>
 * <li>{@code in_progress}: expands the file into tasks a chunk at a time ({@link BatchLineSubmitter}),
 * recording how far it got; once every line is a task or a refusal, keeps {@code request_counts}
 * current and, when every task is terminal, is {@code finalizing}, writes the files and is
 * {@code completed};</li>
 * <li>{@code cancelling}: cancels the queued tasks (never sent, never charged), waits for the running
 * ones, writes the partial files and is {@code cancelled};</li>
 * <li>past {@code expires_at}: cancels what is not done, writes the files (those lines as
 * {@code batch_expired}) and is {@code expired}.</li>
 * </ul>
 * A driver killed at any point leaves the batch to the next one once the lease ran out; every step
 * is safe to run again.
 */
@ApplicationScoped
public class BatchDriver {

    private static final Logger LOG = Logger.getLogger(BatchDriver.class);
    private static final int CLAIM = 4;
    private static final int CHUNK = 200;
    private static final int CONCURRENT_LINES = 8;
    private static final Duration LEASE = Duration.ofSeconds(60);

    private final String owner = "api-" + UUID.randomUUID();
    private final BatchStore store;
    private final BatchLineSubmitter submitter;
    private final BatchResultFiles resultFiles;
    private final TaskRepository tasks;
    private final ObjectStore objects;
    private final ObjectMapper json;
    private final Duration interval;

    public BatchDriver(BatchStore store, BatchLineSubmitter submitter, BatchResultFiles resultFiles, TaskRepository tasks,
                       ObjectStore objects, ObjectMapper json,
                       BatchSettings settings) {
        this.store = store;
        this.submitter = submitter;
        this.resultFiles = resultFiles;
        this.tasks = tasks;
        this.objects = objects;
        this.json = json;
        this.interval = settings.revisitAfter();
    }

    /** One round: claims up to a few batches whose lease ran out and takes each one step. */
    @Scheduled(every = "${imagequeue.batches.drive-every:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> drive() {
        return store.claim(owner, CLAIM, LEASE)
                .onItem().transformToMulti(claimed -> Multi.createFrom().iterable(claimed))
                .onItem().transformToUniAndConcatenate(batch -> step(batch).onFailure().recoverWithUni(e -> {
                    LOG.errorf(e, "batch %s: step failed; retrying after %s", batch.id(), interval);
                    return store.release(batch, owner, interval).onFailure().recoverWithNull();
                }))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> step(DrivenBatch batch) {
        if (batch.expired() && List.of("validating", "in_progress").contains(batch.status())) {
            return stopAndFinish(batch, List.of("queued", "running"), "expired");
        }
        return switch (batch.status()) {
            case "validating" -> validate(batch);
            case "in_progress" -> batch.expanded() ? progress(batch) : expand(batch);
            case "finalizing" -> finish(batch, "completed");
            case "cancelling" -> cancel(batch);
            default -> store.release(batch, owner, interval);
        };
    }

    private Uni<Void> validate(DrivenBatch batch) {
        Executor context = RequestContexts.current();
        return Uni.createFrom().item(() -> {
                    try (InputStream file = objects.open(batch.inputKey())) {
                        return new BatchInputCheck(json).check(file, batch.endpoint());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(context)
                .flatMap(result -> result.valid()
                        ? store.start(batch, owner, result.requests())
                                .flatMap(started -> store.release(batch, owner, Duration.ZERO))
                        : store.fail(batch, owner, errorsJson(result.errors())));
    }

    private String errorsJson(List<BatchError> errors) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", errors);
        try {
            return json.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Uni<Void> expand(DrivenBatch batch) {
        Executor context = RequestContexts.current();
        return store.key(batch).flatMap(key -> Uni.createFrom()
                .item(() -> new BatchLineReader(objects.open(batch.inputKey()), json))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(context)
                .flatMap(reader -> expandFrom(batch, key, reader, batch.expandedLines(), context)
                        .onTermination().invoke(reader::close)));
    }

    /** Expands the lines after {@code after}, a chunk at a time, until the end, a deferral or a lost lease. */
    private Uni<Void> expandFrom(DrivenBatch batch, Optional<AuthenticatedKey> key, BatchLineReader reader, int after,
                                 Executor context) {
        return Uni.createFrom().item(() -> reader.next(after, CHUNK))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(context)
                .flatMap(chunk -> {
                    if (chunk.isEmpty()) {
                        return store.expanded(batch, owner).flatMap(ignored -> store.release(batch, owner, Duration.ZERO));
                    }
                    return Multi.createFrom().iterable(chunk)
                            .onItem().transformToUni(line -> submit(batch, key, line).map(outcome -> Map.entry(line, outcome)))
                            .merge(CONCURRENT_LINES)
                            .collect().asList()
                            .flatMap(outcomes -> record(batch, outcomes))
                            .flatMap(done -> {
                                if (done < chunk.get(chunk.size() - 1).number()) {
                                    // deferred (the key's limits): resume there on a later round
                                    return store.expandedUpTo(batch, owner, done)
                                            .flatMap(ignored -> store.release(batch, owner, interval));
                                }
                                return store.expandedUpTo(batch, owner, done)
                                        .flatMap(ignored -> store.renew(batch, owner, LEASE, "in_progress"))
                                        .flatMap(held -> held
                                                ? expandFrom(batch, key, reader, 0, context)
                                                : Uni.createFrom().voidItem());
                            });
                });
    }

    private Uni<LineOutcome> submit(DrivenBatch batch, Optional<AuthenticatedKey> key, BatchLine line) {
        if (key.isEmpty()) {
            var refused = ErrorResponses.of(ApiException.unauthenticated(
                    "The API key that created this batch was revoked or expired."));
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) refused.getEntity();
            return Uni.createFrom().item(new LineOutcome.Refused(refused.getStatus(), body));
        }
        return submitter.submit(batch.id(), batch.endpoint(), key.get(), line);
    }

    /**
     * Records the chunk's outcomes in line order; answers the last line up to which every line is
     * recorded (the line before the first deferred one).
     */
    private Uni<Integer> record(DrivenBatch batch, List<Map.Entry<BatchLine, LineOutcome>> outcomes) {
        List<Map.Entry<BatchLine, LineOutcome>> ordered = outcomes.stream()
                .sorted(Comparator.comparingInt(e -> e.getKey().number())).toList();
        int done = ordered.get(ordered.size() - 1).getKey().number();
        for (var outcome : ordered) {
            if (outcome.getValue() instanceof LineOutcome.Deferred) {
                done = outcome.getKey().number() - 1;
                break;
            }
        }
        int upTo = done;
        return Multi.createFrom().iterable(ordered)
                .filter(e -> e.getKey().number() <= upTo)
                .onItem().transformToUniAndConcatenate(e -> switch (e.getValue()) {
                    case LineOutcome.Queued queued -> store.link(batch, queued.taskId(), e.getKey().customId());
                    case LineOutcome.Refused refused -> store.lineError(batch, e.getKey(), refused.statusCode(),
                            toJson(refused.body()));
                    case LineOutcome.Deferred deferred -> Uni.createFrom().voidItem();
                })
                .collect().last()
                .replaceWith(upTo);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Uni<Void> progress(DrivenBatch batch) {
        return store.counts(batch).flatMap(counts -> store.recordCounts(batch, owner, counts)
                .flatMap(ignored -> counts.unfinished() > 0
                        ? store.release(batch, owner, interval)
                        : store.finalizing(batch, owner)
                                .flatMap(moved -> moved ? finish(batch, "completed") : store.release(batch, owner, interval))));
    }

    private Uni<Void> cancel(DrivenBatch batch) {
        return cancelTasks(batch, List.of("queued"))
                .flatMap(ignored -> store.counts(batch))
                .flatMap(counts -> counts.unfinished() > 0
                        ? store.recordCounts(batch, owner, counts).flatMap(i -> store.release(batch, owner, interval))
                        : finish(batch, "cancelled"));
    }

    private Uni<Void> stopAndFinish(DrivenBatch batch, List<String> statuses, String ending) {
        return cancelTasks(batch, statuses).flatMap(ignored -> finish(batch, ending));
    }

    private Uni<Void> cancelTasks(DrivenBatch batch, List<String> statuses) {
        return store.tasksIn(batch, statuses)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> tasks.cancel(batch.tenantId(), id))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> finish(DrivenBatch batch, String ending) {
        return resultFiles.write(batch, ending, owner, LEASE)
                .flatMap(written -> store.finish(batch, owner, ending, written.outputFileId(), written.errorFileId(),
                        written.completed(), written.failed()));
    }
}
