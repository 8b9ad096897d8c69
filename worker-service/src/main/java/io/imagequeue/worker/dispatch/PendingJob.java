package io.imagequeue.worker.dispatch;

import io.imagequeue.model.message.TaskJob;
import io.imagequeue.model.task.TaskPriority;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * A delivered job waiting in its model's lane; {@code ack} acknowledges the Kafka record once the
 * task reached a durable state. {@code source} is the partition the record came from (null when
 * unknown): a full lane pauses it, so the backlog waits in Kafka.
 */
public record PendingJob(TaskJob job, Supplier<CompletionStage<Void>> ack, TopicPartition source, long receivedAtNanos) {

    public PendingJob(TaskJob job, Supplier<CompletionStage<Void>> ack, TopicPartition source) {
        this(job, ack, source, System.nanoTime());
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
