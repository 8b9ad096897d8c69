package io.imagequeue.worker.observability;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import org.jboss.logging.MDC;

/**
 * Opens the trace and log context of one delivery of a task job. The parent is the Kafka consumer
 * span the connector made from the record's headers, carried with the job through its lane, so
 * the worker's spans join the trace the API's HTTP request started even when the job waited.
 *
 * <p>With tracing off ({@code quarkus.otel.sdk.disabled=true}, the default) the tracer is a no-op:
 * the spans cost nothing, and log lines still carry {@value #TASK_ADDRESS_MDC}.
 */
@ApplicationScoped
public class TaskTracing {

    /** The MDC key of the task a log line is about, in every service. */
    public static final String TASK_ADDRESS_MDC = "task_address";

    private final Tracer tracer;

    public TaskTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * Runs one job's work with {@code task_address} in the MDC and the job's trace current. Call it on
     * the job's own Vert.x context (see {@code IsolatedContexts}): Quarkus keeps both the MDC and the
     * current trace context per Vert.x context, so nothing leaks to other jobs, and log lines and
     * database and HTTP client spans of the job carry its trace id. The provider call and storage
     * upload spans do not rely on that ambient context: they take {@link TaskTrace#parent()} explicitly.
     */
    public <T> Uni<T> within(String taskAddress, Context parent, Function<TaskTrace, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            MDC.put(TASK_ADDRESS_MDC, taskAddress);
            Scope scope = parent.makeCurrent();
            return work.apply(new TaskTrace(tracer, taskAddress, parent))
                    .onTermination().invoke(scope::close);
        });
    }
}
