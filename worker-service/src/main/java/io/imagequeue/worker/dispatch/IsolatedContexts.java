package io.imagequeue.worker.dispatch;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs database work that no request started (a lane's permit requests, a job's processing) on a
 * fresh, safe Vert.x sub-context of its own: Hibernate Reactive keeps its session there, so two such
 * pieces of work must never share one.
 */
final class IsolatedContexts {

    private IsolatedContexts() {
    }

    static <T> Uni<T> run(Vertx vertx, Supplier<Uni<T>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored ->
                work.get().subscribe().with(emitter::complete, emitter::fail)));
    }
}
