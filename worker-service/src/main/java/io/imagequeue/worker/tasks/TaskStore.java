package io.imagequeue.worker.tasks;

import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.message.TaskJob;
import io.imagequeue.model.message.TaskEvents;
import io.imagequeue.model.message.TaskJobCodec;
import io.imagequeue.model.message.TaskTopics;
import io.imagequeue.model.task.TaskPriority;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The worker's state changes of tasks. Every change is one guarded statement: it applies only when
 * the task is still in the state (and lease) the worker believes, so duplicates and races are no-ops.
 */
@ApplicationScoped
public class TaskStore {

    private static final TaskJobCodec CODEC = new TaskJobCodec();

    private final Mutiny.SessionFactory sessions;
    private final Pool pool;
    private final ModelCatalog catalog;

    public TaskStore(Mutiny.SessionFactory sessions, Pool pool, ModelCatalog catalog) {
        this.sessions = sessions;
        this.pool = pool;
        this.catalog = catalog;
    }

    /**
     * Takes a queued task for this worker. Empty when the task is not queued (a duplicate delivery,
     * canceled, finished) or not due yet: the job is then acknowledged without calling the provider.
     */
    public Uni<Optional<ClaimedTask>> claim(String taskId, String workerId, Duration lease) {
        // One statement on the reactive pool: one round trip, where a Hibernate transaction takes three.
        return claimWhere("$1", Tuple.of(taskId, workerId, (double) lease.toMillis() / 1000.0));
    }

    /**
     * Takes the next task of a lane (model and priority) in fair order between tenants, whichever
     * job asked: {@code fair_share_pick} (migration V10) chooses it under the lane's row lock, so
     * every worker replica sees one order. Empty when nothing in the lane is due.
     */
    public Uni<Optional<ClaimedTask>> claimNext(String model, String priority, String workerId, Duration lease) {
        // A scalar subquery: the pick runs once per statement, and its lock on the task holds for the update.
        return claimWhere("(select fair_share_pick($1, $4))",
                Tuple.of(model, workerId, (double) lease.toMillis() / 1000.0, priority));
    }

    /** The claim of the task the SQL expression {@code taskId} names, with $2 the worker and $3 the lease in seconds. */
    private Uni<Optional<ClaimedTask>> claimWhere(String taskId, Tuple arguments) {
        return pool.preparedQuery("""
                        update tasks
                        set status = 'running', attempts = attempts + 1, lease_owner = $2,
                            lease_until = now() + make_interval(secs => $3),
                            started_at = coalesce(started_at, now()), not_before = null, updated_at = now()
                        where id = %s and status = 'queued' and (not_before is null or not_before <= now())
                        returning id, tenant_id, model, priority, attempts, max_attempts, request::text,
                                  (extract(epoch from deadline_at) * 1000)::bigint,
                                  (extract(epoch from created_at) * 1000)::bigint""".formatted(taskId))
                .execute(arguments)
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.<ClaimedTask>empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new ClaimedTask(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                            r.getInteger(4), r.getInteger(5), r.getString(6), r.getLong(7), r.getLong(8)));
                });
    }

    /** Extends the leases of the tasks this worker still works on; returns how many it still holds. */
    public Uni<Integer> renewLeases(Collection<String> taskIds, String workerId, Duration lease) {
        if (taskIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return sessions.withTransaction(s -> s.createNativeQuery("""
                        update tasks set lease_until = now() + make_interval(secs => :leaseSeconds)
                        where id in (:ids) and status = 'running' and lease_owner = :worker""")
                .setParameter("leaseSeconds", (double) lease.toMillis() / 1000.0)
                .setParameter("ids", List.copyOf(taskIds))
                .setParameter("worker", workerId)
                .executeUpdate());
    }

    /**
     * Records how far the provider is with the task's current attempt, under the same guard as every
     * other change of a running task (still running, leased to this worker, this attempt), and only
     * upward: a late or reordered write never lowers what a watcher saw. False when nothing changed.
     * The trigger on tasks clears progress whenever the status changes and notifies the event streams.
     */
    public Uni<Boolean> recordProgress(ClaimedTask task, String workerId, double progress) {
        return pool.preparedQuery("""
                        update tasks set progress = $4::float8
                        where id = $1 and status = 'running' and lease_owner = $2 and attempts = $3
                          and (progress is null or progress < $4::float8)""")
                .execute(Tuple.of(task.id(), workerId, task.attempt(), progress))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * Records the images and marks the task succeeded, in one transaction, then notifies waiters.
     * The same transaction charges the tenant for the images produced, releases the rest of the
     * reservation and frees the key's in-flight slot ({@link TaskSettlement}). False when this worker
     * no longer holds the task (canceled, or its lease was lost): nothing is charged then.
     */
    public Uni<Boolean> succeed(ClaimedTask task, String workerId, List<StoredImageRef> images) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                with ended as (
                                    update tasks set status = 'succeeded', completed_at = now(), lease_owner = null,
                                                     lease_until = null, error = null, updated_at = now()
                                    where id = :id and status = 'running' and lease_owner = :worker and attempts = :attempt
                                    returning id, tenant_id, api_key_id, credit_reserved,
                                              least(credit_unit_price * :images, credit_reserved) as charge
                                )""" + TaskSettlement.AFTER_ENDED + """
                                select count(*) from ended""", Object.class)
                        .setParameter("id", task.id())
                        .setParameter("worker", workerId)
                        .setParameter("attempt", task.attempt())
                        .setParameter("images", images.size())
                        .getSingleResult()
                        .map(count -> ((Number) count).intValue())
                        .flatMap(updated -> {
                            if (updated == 0) {
                                return Uni.createFrom().item(false);
                            }
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (StoredImageRef image : images) {
                                chain = chain.chain(() -> s.createNativeQuery("""
                                                insert into task_images (task_id, idx, object_key, content_type, width, height,
                                                                         byte_size, revised_prompt)
                                                values (:task, :idx, :key, :type, :width, :height, :size, :revised)""")
                                        .setParameter("task", task.id())
                                        .setParameter("idx", image.index())
                                        .setParameter("key", image.objectKey())
                                        .setParameter("type", image.contentType())
                                        .setParameter("width", image.width())
                                        .setParameter("height", image.height())
                                        .setParameter("size", image.byteSize())
                                        .setParameter("revised", image.revisedPrompt())
                                        .executeUpdate()
                                        .replaceWithVoid());
                            }
                            return chain.chain(() -> notifyDone(s, task.id())).replaceWith(true);
                        }));
    }

    /** Fails the task for good with the contract's error fields, releasing its whole reservation. */
    public Uni<Boolean> fail(ClaimedTask task, String workerId, String errorJson) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                with ended as (
                                    update tasks set status = 'failed', completed_at = now(), lease_owner = null,
                                                     lease_until = null, error = cast(cast(:error as text) as jsonb),
                                                     updated_at = now()
                                    where id = :id and status = 'running' and lease_owner = :worker and attempts = :attempt
                                    returning id, tenant_id, api_key_id, credit_reserved, 0::numeric as charge
                                )""" + TaskSettlement.AFTER_ENDED + """
                                select count(*) from ended""", Object.class)
                        .setParameter("error", errorJson)
                        .setParameter("id", task.id())
                        .setParameter("worker", workerId)
                        .setParameter("attempt", task.attempt())
                        .getSingleResult()
                        .map(count -> ((Number) count).intValue())
                        .flatMap(updated -> updated == 0
                                ? Uni.createFrom().item(false)
                                : notifyDone(s, task.id()).replaceWith(true)));
    }

    /**
     * Puts the task back in the queue, due after {@code delay}, with an outbox row that republishes
     * its job then. {@code refundAttempt} is for rate-limit snoozes, which spend no attempt.
     */
    public Uni<Boolean> requeue(ClaimedTask task, String workerId, Duration delay, boolean refundAttempt,
                                String topic, byte[] payload) {
        double delaySeconds = delay.toMillis() / 1000.0;
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                with requeued as (
                                    update tasks set status = 'queued', lease_owner = null, lease_until = null,
                                                     attempts = attempts - :refund,
                                                     not_before = now() + make_interval(secs => :delaySeconds),
                                                     updated_at = now()
                                    where id = :id and status = 'running' and lease_owner = :worker and attempts = :attempt
                                    returning id
                                )
                                insert into task_outbox (task_id, topic, payload, available_at)
                                select id, :topic, :payload, now() + make_interval(secs => :delaySeconds) from requeued""")
                        .setParameter("refund", refundAttempt ? 1 : 0)
                        .setParameter("delaySeconds", delaySeconds)
                        .setParameter("id", task.id())
                        .setParameter("worker", workerId)
                        .setParameter("attempt", task.attempt())
                        .setParameter("topic", topic)
                        .setParameter("payload", payload)
                        .executeUpdate())
                .map(inserted -> inserted > 0);
    }

    /**
     * Sends a still-queued task's job again after {@code delay}, through the outbox: how a worker
     * whose lane for the model is full lets go of a job without losing it.
     */
    public Uni<Boolean> deferQueued(String taskId, Duration delay, String topic, byte[] payload) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                insert into task_outbox (task_id, topic, payload, available_at)
                                select id, :topic, :payload, now() + make_interval(secs => :delaySeconds)
                                from tasks where id = :id and status = 'queued'""")
                        .setParameter("topic", topic)
                        .setParameter("payload", payload)
                        .setParameter("delaySeconds", delay.toMillis() / 1000.0)
                        .setParameter("id", taskId)
                        .executeUpdate())
                .map(inserted -> inserted > 0);
    }

    /**
     * Under the fair scheduler a job is a wake-up for its lane, not for its own task (which another
     * job may have run already): it is sent again after {@code delay} while any task of the lane is
     * still queued, so the lane keeps one job per queued task.
     */
    public Uni<Boolean> deferWakeUp(String taskId, String model, String priority, Duration delay, String topic,
                                    byte[] payload) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                insert into task_outbox (task_id, topic, payload, available_at)
                                select :id, :topic, :payload, now() + make_interval(secs => :delaySeconds)
                                where exists (select 1 from tasks
                                              where model = :model and priority = :priority and status = 'queued')""")
                        .setParameter("id", taskId)
                        .setParameter("topic", topic)
                        .setParameter("payload", payload)
                        .setParameter("delaySeconds", delay.toMillis() / 1000.0)
                        .setParameter("model", model)
                        .setParameter("priority", priority)
                        .executeUpdate())
                .map(inserted -> inserted > 0);
    }

    /**
     * Returns tasks this worker is giving up on while draining to the queue, due at once, with the
     * attempt refunded and an outbox row per task. The provider call may still finish upstream, but
     * its result is discarded: the task is no longer this worker's, so {@link #succeed} finds nothing.
     */
    public Uni<Integer> handBack(Collection<String> taskIds, String workerId) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                update tasks set status = 'queued', lease_owner = null, lease_until = null,
                                                 attempts = greatest(0, attempts - 1), updated_at = now()
                                where id in (:ids) and status = 'running' and lease_owner = :worker
                                returning id, model, priority""", Object[].class)
                        .setParameter("ids", List.copyOf(taskIds))
                        .setParameter("worker", workerId)
                        .getResultList()
                        .flatMap(rows -> {
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (Object[] row : rows) {
                                chain = chain.chain(() -> s.createNativeQuery("""
                                                insert into task_outbox (task_id, topic, payload) values (:id, :topic, :payload)""")
                                        .setParameter("id", row[0])
                                        .setParameter("topic", topicOf((String) row[1], (String) row[2]))
                                        .setParameter("payload", jobOf((String) row[0], (String) row[1], (String) row[2]))
                                        .executeUpdate()
                                        .replaceWithVoid());
                            }
                            return chain.replaceWith(rows.size());
                        }));
    }

    String topicOf(String model, String priority) {
        return TaskTopics.of(catalog.resolve(model), TaskPriority.fromWire(priority));
    }

    static byte[] jobOf(String taskId, String model, String priority) {
        return CODEC.encode(TaskJob.of(taskId, model, TaskPriority.fromWire(priority)));
    }

    /** Wakes the API's synchronous waiters; delivered when the surrounding transaction commits. */
    static Uni<Void> notifyDone(Mutiny.Session s, String taskId) {
        return s.createNativeQuery("select pg_notify('" + TaskEvents.DONE_CHANNEL + "', :id)")
                .setParameter("id", taskId)
                .getResultList()
                .replaceWithVoid();
    }
}
