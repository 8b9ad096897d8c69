package io.imagequeue.worker.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Queue depth and oldest queued age per model, and the outbox backlog, read from PostgreSQL (the
 * source of truth, which Kafka lag alone does not show: deferred and retried tasks wait there).
 */
@ApplicationScoped
public class QueueGauges {

    private final Mutiny.SessionFactory sessions;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> depth = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> oldest = new ConcurrentHashMap<>();
    private final AtomicLong outbox;

    public QueueGauges(Mutiny.SessionFactory sessions, MeterRegistry registry) {
        this.sessions = sessions;
        this.registry = registry;
        this.outbox = registry.gauge("imagequeue.outbox.backlog", new AtomicLong());
    }

    @Scheduled(every = "${imagequeue.metrics.queue-interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return sessions.withStatelessSession(s -> s.createNativeQuery("""
                                select model, count(*), coalesce(extract(epoch from now() - min(created_at)), 0)
                                from tasks where status = 'queued' group by model""", Object[].class)
                        .getResultList()
                        .flatMap(rows -> {
                            depth.values().forEach(gauge -> gauge.set(0));
                            oldest.values().forEach(gauge -> gauge.set(0));
                            for (Object[] row : rows) {
                                String model = (String) row[0];
                                gauge(depth, "imagequeue.queue.depth", model).set(((Number) row[1]).longValue());
                                gauge(oldest, "imagequeue.queue.oldest.age.seconds", model).set(((Number) row[2]).longValue());
                            }
                            return s.createNativeQuery("select count(*) from task_outbox", Long.class).getSingleResult();
                        }))
                .invoke(outbox::set)
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private AtomicLong gauge(Map<String, AtomicLong> gauges, String name, String model) {
        return gauges.computeIfAbsent(model, m -> registry.gauge(name, List.of(Tag.of("model", m)), new AtomicLong()));
    }
}
