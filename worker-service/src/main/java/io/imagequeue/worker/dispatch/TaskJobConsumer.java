package io.imagequeue.worker.dispatch;

import io.imagequeue.model.message.MalformedMessageException;
import io.imagequeue.model.message.TaskJob;
import io.imagequeue.model.message.TaskJobCodec;
import io.imagequeue.model.error.ModelNotFoundException;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

    private final Dispatcher dispatcher;

    public TaskJobConsumer(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Incoming("task-jobs")
    public CompletionStage<Void> consume(Message<byte[]> message) {
        TaskJob job;
        try {
            job = CODEC.decode(message.getPayload());
            dispatcher.accept(new PendingJob(job, message::ack, traceOf(message)));
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
}
