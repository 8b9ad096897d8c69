package io.imagequeue.worker.dispatch;

import io.imagequeue.model.message.TaskJob;
import io.imagequeue.model.task.TaskPriority;
import io.opentelemetry.context.Context;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A delivered job waiting in its model's lane; {@code ack} acknowledges the Kafka record once the
 * task reached a durable state; {@code trace} is the trace context the record arrived with (the
 * Kafka consumer span), kept with the job because it may run later on another Vert.x context.
 */
public record PendingJob(TaskJob job, Supplier<CompletionStage<Void>> ack, long receivedAtNanos, Context trace) {

    public PendingJob(TaskJob job, Supplier<CompletionStage<Void>> ack, Context trace) {
        this(job, ack, System.nanoTime(), trace);
    }

    public PendingJob(TaskJob job, Supplier<CompletionStage<Void>> ack) {
        this(job, ack, Context.root());
    }

    public boolean isBatch() {
        return TaskPriority.BATCH.wire().equals(job.priority());
    }

    public void acknowledge() {
        ack.get();
    }
}
