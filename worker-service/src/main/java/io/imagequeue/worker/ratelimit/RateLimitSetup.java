package io.imagequeue.worker.ratelimit;

import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.worker.config.WorkerConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Resolves the effective limits, writes them to the shared buckets at start-up, and prunes old calls. */
@Singleton
public class RateLimitSetup {

    private static final Logger LOG = Logger.getLogger(RateLimitSetup.class);

    private final RateLimitStore store;

    public RateLimitSetup(RateLimitStore store) {
        this.store = store;
    }

    @Produces
    @Singleton
    static ModelLimits modelLimits(ModelCatalog catalog, WorkerConfig config) {
        return ModelLimits.of(catalog, config.rateLimit().overrides());
    }

    void publish(@Observes StartupEvent start, ModelLimits limits) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> store.publishLimits(limits.all()));
        LOG.infof("rate limits published for %d models", limits.all().size());
    }

    @Scheduled(every = "60s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        return store.prune()
                .onFailure().invoke(f -> LOG.debugf("pruning rate-limit rows failed: %s", f.getMessage()))
                .onFailure().recoverWithNull();
    }
}
