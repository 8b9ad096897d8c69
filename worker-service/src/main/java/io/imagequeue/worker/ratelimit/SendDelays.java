package io.imagequeue.worker.ratelimit;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.vertx.core.Context;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.WebClientInternal;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Keeps a call's stamp in the window honest when the request leaves the worker late. {@link
 * RateLimitStore#markSent} stamps the call just before the provider adapter runs, but between that
 * stamp and the moment the request is really handed to the connection a cold code path, a GC pause
 * or a starved event loop can pass seconds. If the oldest call of a window left late and the call
 * that replaces it leaves at once, the provider would see both within less than a minute. So the
 * first request a task sends after its stamp is timed (an interceptor of the shared provider HTTP
 * client, on the task's own Vert.x context), and when it left more than {@link #TOLERATED} after the
 * stamp, the stamp is moved later by that much: later, never earlier, so the window only counts
 * more. The move lands long before the call could leave the window (that is a minute away), so every
 * later grant sees it. What the margin must still cover is the rest: the network and the provider.
 */
@ApplicationScoped
public class SendDelays {

    private static final Logger LOG = Logger.getLogger(SendDelays.class);
    /** Delays up to this are left to the window margin, and cost no database write. */
    static final Duration TOLERATED = Duration.ofMillis(100);
    private static final String PENDING = "imagequeue.ratelimit.pending-send";
    private static final String TIMED = "imagequeue.ratelimit.timed-send";

    /** A call stamped at {@code stampedAtNanos} (taken before the stamp's statement was sent). */
    record PendingSend(UUID permit, long stampedAtNanos) {
    }

    private final RateLimitStore store;
    private final WebClient http;
    private final Vertx vertx;

    public SendDelays(RateLimitStore store, WebClient http, Vertx vertx) {
        this.store = store;
        this.http = http;
        this.vertx = vertx;
    }

    /** Remembers, on the task's context, that its next request is the stamped call. */
    static void stamping(UUID permit) {
        Context context = io.vertx.core.Vertx.currentContext();
        if (context != null && VertxContext.isDuplicatedContext(context)) {
            ContextLocals.put(PENDING, new PendingSend(permit, System.nanoTime()));
        }
    }

    void watchProviderCalls(@Observes StartupEvent start) {
        if (http.getDelegate() instanceof WebClientInternal client) {
            client.addInterceptor(this::intercept);
        } else {
            LOG.warnf("the provider HTTP client cannot be watched; send delays are left to the window margin");
        }
    }

    private void intercept(HttpContext<?> request) {
        try {
            switch (request.phase()) {
                case PREPARE_REQUEST -> {
                    // Runs on the caller's context: the task's, right after its stamp.
                    Context context = io.vertx.core.Vertx.currentContext();
                    if (context != null && VertxContext.isDuplicatedContext(context)) {
                        ContextLocals.<PendingSend>get(PENDING).ifPresent(pending -> {
                            ContextLocals.remove(PENDING);
                            request.set(TIMED, pending);
                        });
                    }
                }
                case SEND_REQUEST -> {
                    PendingSend pending = request.get(TIMED);
                    if (pending != null) {
                        request.set(TIMED, null);
                        sent(pending, Duration.ofNanos(System.nanoTime() - pending.stampedAtNanos()));
                    }
                }
                default -> {
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("send delay not measured: %s", e.getMessage());
        }
        request.next();
    }

    private void sent(PendingSend pending, Duration late) {
        if (late.compareTo(TOLERATED) <= 0) {
            return;
        }
        LOG.infof("call of permit %s left %d ms after its stamp; the stamp moves that much later",
                pending.permit(), late.toMillis());
        Context context = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> store.delayStamp(pending.permit(), late).subscribe().with(
                ok -> { },
                failure -> LOG.warnf("stamp of permit %s could not be moved: %s", pending.permit(), failure.getMessage())));
    }
}
