package io.imagequeue.worker.dispatch;

import io.imagequeue.model.message.MalformedMessageException;
import io.imagequeue.model.message.TaskJob;
import io.imagequeue.model.message.TaskJobCodec;
import io.imagequeue.model.error.ModelNotFoundException;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Takes task jobs from every model's topics and hands them to the {@link Dispatcher} at once; a job
 * is acknowledged only once its task reached a durable state, so a crash redelivers it. A record
 * that is not a valid job goes to the dead-letter topic with the reason, and never stalls its partition.
 */
@ApplicationScoped
public class TaskJobConsumer {

    private static final Logger LOG = Logger.getLogger(TaskJobConsumer.class);
    /** Stateless and thread-safe: one for the whole dispatch package. */
    static final TaskJobCodec CODEC = new TaskJobCodec();
    /** The incoming channel; {@link PartitionPauses} pauses its consumer's partitions by model. */
    static final String CHANNEL = "task-jobs";

    private final Dispatcher dispatcher;

    public TaskJobConsumer(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> consume(Message<byte[]> message) {
        TaskJob job;
        try {
            job = CODEC.decode(message.getPayload());
            dispatcher.accept(new PendingJob(job, message::ack, sourceOf(message), traceOf(message)));
        } catch (MalformedMessageException | ModelNotFoundException poison) {
            LOG.warnf("task job sent to the dead-letter topic: %s", poison.getMessage());
            return message.nack(poison);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The consumer span the connector started from the record's trace headers (root when there were none). */
    private static Context traceOf(Message<byte[]> message) {
        return TracingMetadata.fromMessage(message).map(TracingMetadata::getCurrentContext).orElse(Context.root());
    }

    /** The partition the record came from, which a full lane pauses. */
    private static TopicPartition sourceOf(Message<byte[]> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(record -> new TopicPartition(record.getTopic(), record.getPartition()))
                .orElse(null);
    }
}
