package io.imagequeue.worker.dispatch;

import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.ratelimit.RateLimitStore;
import io.imagequeue.worker.tasks.TaskStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The tasks this worker has claimed, with the permit of each one's upstream call: keeps their leases
 * and permits alive while they run, and tells the drain which tasks to hand back. How many jobs are
 * in flight is {@link Dispatcher#running()}'s to count: it includes jobs whose claim is still under
 * way, which hold capacity but no lease yet.
 */
@ApplicationScoped
public class InFlightTasks {

    private static final Logger LOG = Logger.getLogger(InFlightTasks.class);

    private final Map<String, UUID> permitsByTask = new ConcurrentHashMap<>();
    private final TaskStore store;
    private final RateLimitStore limits;
    private final WorkerIdentity identity;
    private final WorkerConfig config;

    public InFlightTasks(TaskStore store, RateLimitStore limits, WorkerIdentity identity, WorkerConfig config) {
        this.store = store;
        this.limits = limits;
        this.identity = identity;
        this.config = config;
    }

    public void started(String taskId, UUID permit) {
        permitsByTask.put(taskId, permit);
    }

    public void ended(String taskId) {
        permitsByTask.remove(taskId);
    }

    public Set<String> taskIds() {
        return Set.copyOf(permitsByTask.keySet());
    }

    @Scheduled(every = "${imagequeue.dispatch.lease-renewal:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> renewLeases() {
        return store.renewLeases(Set.copyOf(permitsByTask.keySet()), identity.id(), config.dispatch().lease())
                .chain(() -> limits.renew(Set.copyOf(permitsByTask.values()), config.dispatch().lease()))
                .onFailure().invoke(f -> LOG.warnf("lease renewal failed: %s", f.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
