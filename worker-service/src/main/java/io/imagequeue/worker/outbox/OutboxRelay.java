package io.imagequeue.worker.outbox;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows that are due: jobs the API could not publish (broker down, crash after
 * commit) and tasks put back in the queue for a retry. Rows are locked while published and deleted
 * in the same transaction once the broker acknowledged them; several workers share the work.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    private final Mutiny.SessionFactory sessions;
    private final MutinyEmitter<byte[]> jobs;

    public OutboxRelay(Mutiny.SessionFactory sessions, @Channel("task-jobs-relay") MutinyEmitter<byte[]> jobs) {
        this.sessions = sessions;
        this.jobs = jobs;
    }

    @Scheduled(every = "${imagequeue.outbox.relay-interval:1s}", delayed = "${imagequeue.outbox.relay-delay:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relayDueRows() {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                select id, task_id, topic, payload from task_outbox
                                where available_at <= now()
                                order by available_at
                                limit :batch
                                for update skip locked""", Object[].class)
                        .setParameter("batch", BATCH)
                        .getResultList()
                        .flatMap(rows -> rows.isEmpty() ? Uni.createFrom().voidItem() : publishAndDelete(s, rows)))
                .onFailure().invoke(f -> LOG.warnf("outbox relay could not publish yet: %s", f.getMessage()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> publishAndDelete(Mutiny.Session s, List<Object[]> rows) {
        List<Long> ids = rows.stream().map(r -> ((Number) r[0]).longValue()).toList();
        return Multi.createFrom().iterable(rows)
                .onItem().transformToUniAndMerge(row -> jobs.sendMessage(Message.of((byte[]) row[3])
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                .withTopic((String) row[2])
                                .withKey((String) row[1])
                                .build())))
                .collect().last()
                .chain(() -> s.createNativeQuery("delete from task_outbox where id in (:ids)")
                        .setParameter("ids", ids)
                        .executeUpdate())
                .invoke(deleted -> LOG.debugf("outbox relay published %d job(s)", deleted))
                .replaceWithVoid();
    }
}
