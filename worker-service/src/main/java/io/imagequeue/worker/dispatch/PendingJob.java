package io.imagequeue.worker.dispatch;

import io.imagequeue.model.message.TaskJob;
import io.imagequeue.model.task.TaskPriority;
import io.opentelemetry.context.Context;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * A delivered job waiting in its model's lane; {@code ack} acknowledges the Kafka record once the
 * task reached a durable state. {@code source} is the partition the record came from (null when
 * unknown): a full lane pauses it, so the backlog waits in Kafka. {@code trace} is the trace context
 * the record arrived with (the Kafka consumer span), kept with the job because it may run later on
 * another Vert.x context.
 */
public record PendingJob(TaskJob job, Supplier<CompletionStage<Void>> ack, TopicPartition source, long receivedAtNanos,
                         Context trace) {

    public PendingJob(TaskJob job, Supplier<CompletionStage<Void>> ack, TopicPartition source, Context trace) {
        this(job, ack, source, System.nanoTime(), trace);
    }

    public PendingJob(TaskJob job, Supplier<CompletionStage<Void>> ack, TopicPartition source) {
        this(job, ack, source, Context.root());
    }

    public PendingJob(TaskJob job, Supplier<CompletionStage<Void>> ack) {
        this(job, ack, null);
    }

    public boolean isBatch() {
        return TaskPriority.BATCH.wire().equals(job.priority());
    }

    public void acknowledge() {
        ack.get();
    }
}
