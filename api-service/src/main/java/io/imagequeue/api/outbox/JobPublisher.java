package io.imagequeue.api.outbox;

import io.smallrye.mutiny.Uni;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends a freshly committed task's job to its model's topic and removes the outbox row once the
 * broker acknowledged it. A send that fails leaves the row; the workers' outbox relay publishes it
 * when it is due, so a broker outage delays tasks but never loses them.
 */
@ApplicationScoped
public class JobPublisher {

    private static final Logger LOG = Logger.getLogger(JobPublisher.class);

    private final MutinyEmitter<byte[]> jobs;
    private final PublishedJobs published;

    public JobPublisher(@Channel("task-jobs") MutinyEmitter<byte[]> jobs, PublishedJobs published) {
        this.jobs = jobs;
        this.published = published;
    }

    /** Publishes in the background; the caller's response never waits for the broker. */
    public void publishAfterCommit(String taskId, String topic, long outboxId, byte[] payload) {
        Message<byte[]> message = Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(taskId)
                .build())
                // The send happens after the commit, maybe on another context: the trace of the request
                // that created the task is captured now and carried by the message (to its Kafka headers).
                .addMetadata(TracingMetadata.withCurrent(Context.current()));
        Uni.createFrom().deferred(() -> jobs.sendMessage(message))
                .invoke(() -> published.acknowledged(outboxId))
                .subscribe().with(
                        done -> LOG.debugf("task %s published to %s", taskId, topic),
                        failure -> LOG.warnf("task %s not published yet (%s); the outbox relay will retry",
                                taskId, failure.getMessage()));
    }
}
