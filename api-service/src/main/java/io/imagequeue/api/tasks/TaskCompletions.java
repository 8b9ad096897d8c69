package io.imagequeue.api.tasks;

import io.imagequeue.api.watching.TaskChangeFeed;
import io.imagequeue.model.message.TaskEvents;
import io.imagequeue.model.task.TaskStatus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Lets a synchronous call wait for its task to finish, and owns the replica's one listening
 * connection, which also feeds {@link TaskChangeFeed} (the event streams). Workers {@code NOTIFY}
 * when they finish a task; a periodic look at the waiting tasks' rows covers notifications lost while the listening
 * connection was reconnecting.
 */
@ApplicationScoped
public class TaskCompletions {

    private static final Logger LOG = Logger.getLogger(TaskCompletions.class);

    private final Map<String, List<Runnable>> waiters = new ConcurrentHashMap<>();
    private final TaskRepository tasks;
    private final TaskChangeFeed changes;
    private PgSubscriber subscriber;

    public TaskCompletions(TaskRepository tasks, TaskChangeFeed changes) {
        this.tasks = tasks;
        this.changes = changes;
    }

    void listen(@Observes StartupEvent start, Vertx vertx,
                @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                @ConfigProperty(name = "quarkus.datasource.username") String user,
                @ConfigProperty(name = "quarkus.datasource.password") String password) {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user).setPassword(password);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> 1000L);
        subscriber.channel(TaskEvents.DONE_CHANNEL).handler(this::finished);
        // The same connection carries the event streams' changes: one LISTEN connection per replica.
        subscriber.channel(TaskEvents.CHANGED_CHANNEL).handler(changes::changed);
        subscriber.connect().subscribe().with(
                ok -> LOG.debug("listening for finished tasks"),
                failure -> LOG.warnf("cannot listen for finished tasks yet (%s); falling back to polling",
                        failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent stop) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    /**
     * Completes when the task reaches a terminal state, or with {@code false} after {@code timeout}.
     * Register before the task can possibly finish (before it is published).
     */
    public Uni<Boolean> awaitTerminal(String taskId, Duration timeout) {
        return Uni.createFrom().<Boolean>emitter(emitter -> {
                    // Resume on the request's own context: Hibernate Reactive refuses the listener's.
                    io.vertx.core.Context requestContext = io.vertx.core.Vertx.currentContext();
                    Runnable wake = requestContext == null
                            ? () -> emitter.complete(true)
                            : () -> requestContext.runOnContext(ignored -> emitter.complete(true));
                    waiters.computeIfAbsent(taskId, id -> new CopyOnWriteArrayList<>()).add(wake);
                    emitter.onTermination(() -> waiters.computeIfPresent(taskId, (id, list) -> {
                        list.remove(wake);
                        return list.isEmpty() ? null : list;
                    }));
                })
                .ifNoItem().after(timeout).recoverWithItem(false);
    }

    private void finished(String taskId) {
        List<Runnable> waiting = waiters.remove(taskId);
        if (waiting != null) {
            waiting.forEach(Runnable::run);
        }
    }

    @Scheduled(every = "${imagequeue.tasks.sync-recheck:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> recheckWaitingTasks() {
        if (waiters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> ids = new ArrayList<>(waiters.keySet());
        return tasks.statuses(ids)
                .invoke(rows -> rows.stream()
                        .filter(row -> TaskStatus.fromWire((String) row[1]).isTerminal())
                        .forEach(row -> finished((String) row[0])))
                .onFailure().invoke(failure -> LOG.debugf("recheck of waiting tasks failed: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
