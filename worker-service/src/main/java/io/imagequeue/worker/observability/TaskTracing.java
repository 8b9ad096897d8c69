package io.imagequeue.worker.observability;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

/**
 * Opens the trace and log context of one delivery of a task job. The parent is the Kafka consumer
 * span the connector made from the record's headers, carried with the job through its lane, so
 * the worker's spans join the trace the API's HTTP request started even when the job waited.
 *
 * <p>With tracing off ({@code quarkus.otel.sdk.disabled=true}, the default) nothing is exported and
 * the job's log lines carry {@value #TASK_ADDRESS_MDC} but no trace id.
 */
@ApplicationScoped
public class TaskTracing {

    /** The MDC key of the task a log line is about, in every service. */
    public static final String TASK_ADDRESS_MDC = "task_address";

    private final Tracer tracer;
    private final boolean tracingOff;

    public TaskTracing(Tracer tracer, @ConfigProperty(name = "quarkus.otel.sdk.disabled") boolean tracingOff) {
        this.tracer = tracer;
        this.tracingOff = tracingOff;
    }

    /**
     * Runs one job's work with {@code task_address} in the MDC and the job's trace current. Call it on
     * the job's own Vert.x context (see {@code IsolatedContexts}): Quarkus keeps both the MDC and the
     * current trace context per Vert.x context, so nothing leaks to other jobs, and (tracing on) log
     * lines and database and HTTP client spans of the job carry its trace id. The provider call and storage
     * upload spans do not rely on that ambient context: they take {@link TaskTrace#parent()} explicitly.
     */
    public <T> Uni<T> within(String taskAddress, Context parent, Function<TaskTrace, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            MDC.put(TASK_ADDRESS_MDC, taskAddress);
            // Off, the SDK still makes in-process span ids that are exported nowhere and match nothing
            // in the API's logs: the job's log lines are better without them.
            Scope scope = tracingOff ? Scope.noop() : parent.makeCurrent();
            return work.apply(new TaskTrace(tracer, taskAddress, parent))
                    .onTermination().invoke(scope::close);
        });
    }
}
