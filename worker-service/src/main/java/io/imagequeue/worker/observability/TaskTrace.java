package io.imagequeue.worker.observability;

import io.imagequeue.model.catalog.ModelSpec;
import io.imagequeue.worker.providers.ProviderFailure;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The spans of one task attempt, each a child of the job's parent context (given, never taken from
 * whatever context is current when the span starts). Names and attributes are documented in the
 * README ("Tracing").
 */
public final class TaskTrace {

    /** Span names: what operators search for. */
    public static final String PROVIDER_CALL = "provider call";
    public static final String STORAGE_UPLOAD = "storage upload";

    public static final AttributeKey<String> TASK_ADDRESS = AttributeKey.stringKey("imagequeue.task_address");
    public static final AttributeKey<String> MODEL = AttributeKey.stringKey("imagequeue.model");
    public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("imagequeue.provider");
    public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("imagequeue.attempt");
    /** {@code success}; the failure's class {@code retry}, {@code snooze} or {@code permanent}; or {@code canceled} (deadline). */
    public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("imagequeue.outcome");
    /** The failure's code as the task records it ({@code content_moderated}, {@code provider_timeout}, …). */
    public static final AttributeKey<String> FAILURE_CODE = AttributeKey.stringKey("imagequeue.failure_code");
    public static final AttributeKey<Long> IMAGE_COUNT = AttributeKey.longKey("imagequeue.image_count");

    private final Tracer tracer;
    private final String taskAddress;
    private final Context parent;

    TaskTrace(Tracer tracer, String taskAddress, Context parent) {
        this.tracer = tracer;
        this.taskAddress = taskAddress;
        this.parent = parent;
    }

    public Context parent() {
        return parent;
    }

    /** The upstream call of one attempt, polls included, from the request to the last byte of the result. */
    public <T> Uni<T> providerCall(ModelSpec model, int attempt, Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> {
            Span span = start(PROVIDER_CALL)
                    .setAttribute(MODEL, model.id())
                    .setAttribute(PROVIDER, model.provider().key())
                    .setAttribute(ATTEMPT, (long) attempt);
            return call.get().onItemOrFailure().invoke((result, failure) -> {
                if (failure == null) {
                    span.setAttribute(OUTCOME, "success");
                } else {
                    recordFailure(span, failure);
                }
                span.end();
            }).onCancellation().invoke(() -> {
                // The task's deadline passed while the call was still running.
                span.setAttribute(OUTCOME, "canceled");
                span.end();
            });
        });
    }

    /** Copying one attempt's images into the object store. */
    public <T> Uni<T> storageUpload(int images, Supplier<Uni<T>> upload) {
        return Uni.createFrom().deferred(() -> {
            Span span = start(STORAGE_UPLOAD).setAttribute(IMAGE_COUNT, (long) images);
            return upload.get().onItemOrFailure().invoke((result, failure) -> {
                if (failure != null) {
                    span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
                }
                span.end();
            }).onCancellation().invoke(span::end);
        });
    }

    private Span start(String name) {
        return tracer.spanBuilder(name)
                .setParent(parent)
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(TASK_ADDRESS, taskAddress)
                .startSpan();
    }

    /** Only the class and code: a provider's message may quote the prompt. */
    private static void recordFailure(Span span, Throwable failure) {
        if (failure instanceof ProviderFailure classified) {
            span.setAttribute(OUTCOME, classified.kind().name().toLowerCase(Locale.ROOT));
            span.setAttribute(FAILURE_CODE, classified.code());
            span.setStatus(StatusCode.ERROR, classified.code());
        } else {
            // TaskProcessor retries what no adapter classified, as worker_error.
            span.setAttribute(OUTCOME, "retry");
            span.setAttribute(FAILURE_CODE, "worker_error");
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }
    }
}
