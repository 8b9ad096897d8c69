package io.imagequeue.worker.retention;

import io.imagequeue.objectstore.ObjectStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Deletes the stored images of tasks finished longer ago than {@code imagequeue.retention.images},
 * with their input images, and marks succeeded ones {@code expired}.
 *
 * <p>One worker at a time sweeps, under a transaction-scoped advisory lock, one batch per
 * transaction. The objects are deleted before the rows are marked, inside the transaction that
 * locked the rows: a crash in between leaves the rows unmarked and the next sweep deletes again
 * (deleting a missing object is not an error), so no task is ever marked expired with its images
 * still stored.
 */
@ApplicationScoped
public class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class);
    /** Advisory lock key of the sweeper ("iq-sweep"), shared by every worker. */
    private static final long LOCK_KEY = 0x69712d7377656570L;

    private final Mutiny.SessionFactory sessions;
    private final ObjectStore store;
    private final RetentionConfig config;

    public RetentionSweeper(Mutiny.SessionFactory sessions, ObjectStore store, RetentionConfig config) {
        this.sessions = sessions;
        this.store = store;
        this.config = config;
    }

    @Scheduled(every = "${imagequeue.retention.sweep-interval:PT1M}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        Executor context = currentContextExecutor();
        return sessions.withTransaction(s -> s.createNativeQuery("select pg_try_advisory_xact_lock(:key)", Boolean.class)
                        .setParameter("key", LOCK_KEY)
                        .getSingleResult()
                        .flatMap(locked -> locked ? sweepBatch(s, context) : Uni.createFrom().item(0)))
                .invoke(swept -> {
                    if (swept > 0) {
                        LOG.infof("retention: deleted the stored images of %d task(s)", swept);
                    }
                })
                .onFailure().invoke(f -> LOG.warnf("retention sweep failed: %s", f.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Integer> sweepBatch(Mutiny.Session s, Executor context) {
        return s.createNativeQuery("""
                        select t.id,
                               concat_ws(E'\\n',
                                   (select string_agg(object_key, E'\\n') from task_images where task_id = t.id),
                                   (select string_agg(k, E'\\n') from jsonb_array_elements_text(
                                        coalesce(t.request -> 'input_image_keys', '[]'::jsonb)) k),
                                   t.request ->> 'mask_key')
                        from tasks t
                        where t.objects_deleted_at is null and t.status in ('succeeded', 'failed', 'canceled')
                          and t.completed_at < now() - make_interval(secs => :retentionSeconds)
                        order by t.completed_at limit :batch for update skip locked""", Object[].class)
                .setParameter("retentionSeconds", (double) config.images().toSeconds())
                .setParameter("batch", config.batchSize())
                .getResultList()
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    List<String> ids = new ArrayList<>();
                    List<String> keys = new ArrayList<>();
                    for (Object[] row : rows) {
                        ids.add((String) row[0]);
                        String joined = (String) row[1];
                        if (joined != null && !joined.isEmpty()) {
                            keys.addAll(List.of(joined.split("\n")));
                        }
                    }
                    return Uni.createFrom().item(() -> {
                                keys.forEach(store::delete);
                                return ids.size();
                            })
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                            // Hibernate Reactive must continue on the context that opened the transaction.
                            .emitOn(context)
                            .chain(() -> s.createNativeQuery("""
                                            update tasks set status = case when status = 'succeeded' then 'expired' else status end,
                                                             objects_deleted_at = now(), updated_at = now()
                                            where id in (:ids)""")
                                    .setParameter("ids", ids)
                                    .executeUpdate())
                            .replaceWith(ids.size());
                });
    }

    private static Executor currentContextExecutor() {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("the sweeper must run on a Vert.x context");
        }
        return command -> context.runOnContext(ignored -> command.run());
    }
}
