package io.imagequeue.worker.dispatch;

import io.imagequeue.model.message.TaskJob;
import io.imagequeue.model.task.TaskPriority;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A delivered job waiting in its model's lane; {@code ack} acknowledges the Kafka record once the
 * task reached a durable state.
 */
public record PendingJob(TaskJob job, Supplier<CompletionStage<Void>> ack, long receivedAtNanos) {

    public PendingJob(TaskJob job, Supplier<CompletionStage<Void>> ack) {
        this(job, ack, System.nanoTime());
    }

    public boolean isBatch() {
        return TaskPriority.BATCH.wire().equals(job.priority());
    }

    public void acknowledge() {
        ack.get();
    }
}
