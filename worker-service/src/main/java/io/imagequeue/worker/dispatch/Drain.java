package io.imagequeue.worker.dispatch;

import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.tasks.TaskStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * On SIGTERM: stop taking work, give the tasks in flight the drain period to finish, then hand the
 * rest back to the queue (attempt refunded) so another worker takes them at once instead of after
 * their lease ran out. Runs before the Kafka consumer and the database pool shut down.
 */
@ApplicationScoped
public class Drain {

    private static final Logger LOG = Logger.getLogger(Drain.class);

    private final Dispatcher dispatcher;
    private final InFlightTasks inFlight;
    private final TaskStore store;
    private final WorkerIdentity identity;
    private final WorkerConfig config;

    public Drain(Dispatcher dispatcher, InFlightTasks inFlight, TaskStore store, WorkerIdentity identity,
                 WorkerConfig config) {
        this.dispatcher = dispatcher;
        this.inFlight = inFlight;
        this.store = store;
        this.identity = identity;
        this.config = config;
    }

    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent shutdown) {
        dispatcher.stopAccepting();
        long deadline = System.nanoTime() + config.dispatch().drainTimeout().toNanos();
        LOG.infof("draining: %d task(s) in flight, up to %d s", dispatcher.running(), config.dispatch().drainTimeout().toSeconds());
        while (dispatcher.running() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Set<String> unfinished = inFlight.taskIds();
        if (unfinished.isEmpty()) {
            LOG.info("drained: every task in flight finished");
            return;
        }
        try {
            Integer handedBack = VertxContextSupport.subscribeAndAwait(() -> store.handBack(unfinished, identity.id()));
            LOG.infof("drain period over: handed %d unfinished task(s) back to the queue", handedBack);
        } catch (Throwable e) {
            LOG.warnf("could not hand back %d task(s); their leases will return them: %s", unfinished.size(), e.getMessage());
        }
    }
}
