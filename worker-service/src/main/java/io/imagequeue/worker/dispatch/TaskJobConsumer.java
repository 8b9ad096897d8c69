package io.imagequeue.worker.dispatch;

import io.imagequeue.model.message.MalformedMessageException;
import io.imagequeue.model.message.TaskJob;
import io.imagequeue.model.message.TaskJobCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Takes task jobs from every model's topic. A job is handed to the processor as soon as a slot is
 * free and acknowledged only once its task reached a durable state, so a crash redelivers it.
 */
@ApplicationScoped
public class TaskJobConsumer {

    private static final Logger LOG = Logger.getLogger(TaskJobConsumer.class);

    private final TaskProcessor processor;
    private final InFlightTasks inFlight;

    public TaskJobConsumer(TaskProcessor processor, InFlightTasks inFlight) {
        this.processor = processor;
        this.inFlight = inFlight;
    }

    @Incoming("task-jobs")
    public CompletionStage<Void> consume(Message<byte[]> message) {
        TaskJob job;
        try {
            job = new TaskJobCodec().decode(message.getPayload());
        } catch (MalformedMessageException e) {
            LOG.warnf("malformed task job skipped: %s", e.getMessage());
            return message.ack();
        }
        // The returned stage completes once a slot is taken, not when the task is done: the consumer
        // keeps feeding other tasks while slow generations run.
        return inFlight.acquireSlot()
                .invoke(() -> processor.process(job)
                        .onTermination().invoke(inFlight::releaseSlot)
                        .subscribe().with(done -> message.ack(), failure -> message.ack()))
                .subscribeAsCompletionStage();
    }
}
