package io.imagequeue.worker.dispatch;

import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.tasks.TaskStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.jboss.logging.Logger;

/**
 * The tasks this worker is working on: bounds how many it takes at once and keeps their leases alive.
 */
@ApplicationScoped
public class InFlightTasks {

    private static final Logger LOG = Logger.getLogger(InFlightTasks.class);

    private final Set<String> taskIds = ConcurrentHashMap.newKeySet();
    private final Semaphore slots;
    private final TaskStore store;
    private final WorkerIdentity identity;
    private final WorkerConfig config;
    private volatile CompletableFuture<Void> freed = new CompletableFuture<>();

    public InFlightTasks(TaskStore store, WorkerIdentity identity, WorkerConfig config) {
        this.store = store;
        this.identity = identity;
        this.config = config;
        this.slots = new Semaphore(config.dispatch().maxInFlight());
    }

    /** Completes once a slot is free and taken: the consumer's back-pressure. */
    public Uni<Void> acquireSlot() {
        if (slots.tryAcquire()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(() -> freed).flatMap(ignored -> acquireSlot());
    }

    public void releaseSlot() {
        slots.release();
        CompletableFuture<Void> previous = freed;
        freed = new CompletableFuture<>();
        previous.complete(null);
    }

    public void started(String taskId) {
        taskIds.add(taskId);
    }

    public void ended(String taskId) {
        taskIds.remove(taskId);
    }

    public int count() {
        return taskIds.size();
    }

    @Scheduled(every = "${imagequeue.dispatch.lease-renewal:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> renewLeases() {
        return store.renewLeases(Set.copyOf(taskIds), identity.id(), config.dispatch().lease())
                .onFailure().invoke(f -> LOG.warnf("lease renewal failed: %s", f.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
