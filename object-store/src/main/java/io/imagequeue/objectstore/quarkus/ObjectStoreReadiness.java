package io.imagequeue.objectstore.quarkus;

import io.imagequeue.objectstore.ObjectStore;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Both services: ready only while the object store answers; PostgreSQL and Kafka have their own built-in checks. */
@Readiness
@ApplicationScoped
public class ObjectStoreReadiness implements AsyncHealthCheck {

    private final ObjectStore store;

    public ObjectStoreReadiness(ObjectStore store) {
        this.store = store;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(() -> HealthCheckResponse.named("object-store").status(store.isReachable()).build())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
