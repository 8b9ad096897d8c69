package io.imagequeue.api.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;

/**
 * Lets a request hop to a worker thread for blocking work (files, the object store, image fetches)
 * and come back: Hibernate Reactive only runs on the request's own Vert.x context, so whatever
 * follows the blocking step must {@code emitOn} this executor.
 */
public final class RequestContexts {

    private RequestContexts() {
    }

    /** Runs commands on the Vert.x context of the calling request; call it while on that context. */
    public static Executor current() {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("not on a Vert.x context: requests must be handled on an event loop");
        }
        return command -> context.runOnContext(ignored -> command.run());
    }
}
