package io.imagequeue.api.http;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import org.jboss.logging.MDC;

/**
 * Marks the request being handled as one about a task: its log lines carry {@value #MDC_KEY} and
 * its HTTP server span the attribute {@code imagequeue.task_address}, the names the worker uses for
 * the same task. Call it on the request's Vert.x context, where Quarkus keeps both per request.
 */
public final class TaskTags {

    public static final String MDC_KEY = "task_address";
    public static final AttributeKey<String> SPAN_ATTRIBUTE = AttributeKey.stringKey("imagequeue.task_address");

    private TaskTags() {
    }

    public static void tag(String taskAddress) {
        MDC.put(MDC_KEY, taskAddress);
        // A no-op span when tracing is off.
        Span.current().setAttribute(SPAN_ATTRIBUTE, taskAddress);
    }

    /** The address this request was tagged with, or null. */
    static String current() {
        Object address = MDC.get(MDC_KEY);
        return address == null ? null : address.toString();
    }
}
