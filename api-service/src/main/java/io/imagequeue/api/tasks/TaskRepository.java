package io.imagequeue.api.tasks;

import io.imagequeue.model.message.TaskJob;
import io.imagequeue.model.message.TaskJobCodec;
import io.imagequeue.model.task.TaskStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** The API's reads and writes of task rows and their outbox entries. */
@ApplicationScoped
public class TaskRepository {

    /** What inserting a task did: created it (with its outbox row), or found one with the same idempotency key. */
    public sealed interface Insertion {
        record Created(long outboxId, byte[] payload) implements Insertion {
        }

        record Replayed(TaskRecord existing) implements Insertion {
        }
    }

    private static final String TASK_COLUMNS = """
            id, tenant_id, endpoint, model, status, request::text, error::text, attempts,
            extract(epoch from created_at)::bigint, extract(epoch from started_at)::bigint,
            extract(epoch from completed_at)::bigint, request_hash""";

    private final Mutiny.SessionFactory sessions;

    public TaskRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /**
     * Writes the task row and its outbox row in one statement (one round trip, still atomic). When the
     * tenant already used the idempotency key, nothing is written and the earlier task is returned.
     */
    public Uni<Insertion> insert(NewTask task, int maxAttempts, Duration deadline, Duration outboxGrace) {
        byte[] payload = new TaskJobCodec().encode(
                new TaskJob(TaskJob.CURRENT_SCHEMA, task.id(), task.model(), task.priority().wire()));
        Uni<List<Object>> written = sessions.withTransaction(s -> s.createNativeQuery("""
                        with created as (
                            insert into tasks (id, tenant_id, endpoint, model, priority, status, request, max_attempts,
                                               deadline_at, idempotency_key, request_hash)
                            values (:id, :tenant, :endpoint, :model, :priority, 'queued', cast(cast(:request as text) as jsonb),
                                    :maxAttempts, now() + make_interval(secs => :deadlineSeconds), :idempotencyKey,
                                    :requestHash)
                            on conflict (tenant_id, idempotency_key) where idempotency_key is not null do nothing
                            returning id
                        )
                        insert into task_outbox (task_id, topic, payload, available_at)
                        select id, :topic, :payload, now() + make_interval(secs => :graceSeconds) from created
                        returning id""", Object.class)
                .setParameter("id", task.id())
                .setParameter("tenant", task.tenantId())
                .setParameter("endpoint", task.endpoint())
                .setParameter("model", task.model())
                .setParameter("priority", task.priority().wire())
                .setParameter("request", task.requestJson())
                .setParameter("maxAttempts", maxAttempts)
                .setParameter("deadlineSeconds", (double) deadline.toSeconds())
                .setParameter("idempotencyKey", task.idempotencyKey())
                .setParameter("requestHash", task.requestHash())
                .setParameter("topic", task.topic())
                .setParameter("payload", payload)
                .setParameter("graceSeconds", (double) outboxGrace.toSeconds())
                .getResultList());
        return written.flatMap(ids -> {
            if (!ids.isEmpty()) {
                return Uni.createFrom().item(new Insertion.Created(((Number) ids.get(0)).longValue(), payload));
            }
            return findByIdempotencyKey(task.tenantId(), task.idempotencyKey())
                    .map(existing -> new Insertion.Replayed(existing.orElseThrow(
                            () -> new IllegalStateException("idempotency conflict without a task"))));
        });
    }

    public Uni<Optional<TaskRecord>> find(String tenantId, String taskId) {
        return sessions.withStatelessSession(s -> s.createNativeQuery(
                                "select " + TASK_COLUMNS + " from tasks where id = :id and tenant_id = :tenant", Object[].class)
                        .setParameter("id", taskId)
                        .setParameter("tenant", tenantId)
                        .getResultList())
                .map(TaskRepository::firstTask);
    }

    public Uni<List<StoredImage>> images(String taskId) {
        return sessions.withStatelessSession(s -> s.createNativeQuery("""
                                select idx, object_key, content_type, revised_prompt
                                from task_images where task_id = :id order by idx""", Object[].class)
                        .setParameter("id", taskId)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(r -> new StoredImage(((Number) r[0]).intValue(), (String) r[1], (String) r[2], (String) r[3]))
                        .toList());
    }

    /** Statuses of several tasks at once: the sync waiters' safety net when a notification was missed. */
    public Uni<List<Object[]>> statuses(List<String> taskIds) {
        return sessions.withStatelessSession(s -> s.createNativeQuery(
                                "select id, status from tasks where id = any(:ids)", Object[].class)
                        .setParameter("ids", taskIds.toArray(String[]::new))
                        .getResultList());
    }

    /**
     * Cancels a queued or running task of the tenant and wakes its synchronous waiters. True when
     * this call canceled it; a running task's worker finds it canceled when it finishes and
     * discards the result.
     */
    public Uni<Boolean> cancel(String tenantId, String taskId) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                update tasks set status = 'canceled', completed_at = now(), lease_owner = null,
                                                 lease_until = null, updated_at = now()
                                where id = :id and tenant_id = :tenant and status in ('queued', 'running')""")
                        .setParameter("id", taskId)
                        .setParameter("tenant", tenantId)
                        .executeUpdate()
                        .flatMap(updated -> updated == 0
                                ? Uni.createFrom().item(false)
                                : s.createNativeQuery("select pg_notify('" + TaskCompletions.CHANNEL + "', :id)")
                                        .setParameter("id", taskId)
                                        .getResultList()
                                        .replaceWith(true)));
    }

    public Uni<Void> deleteOutbox(long outboxId) {
        return sessions.withTransaction(s -> s.createNativeQuery("delete from task_outbox where id = :id")
                        .setParameter("id", outboxId)
                        .executeUpdate())
                .replaceWithVoid();
    }

    private Uni<Optional<TaskRecord>> findByIdempotencyKey(String tenantId, String key) {
        return sessions.withStatelessSession(s -> s.createNativeQuery(
                                "select " + TASK_COLUMNS + " from tasks where tenant_id = :tenant and idempotency_key = :key",
                                Object[].class)
                        .setParameter("tenant", tenantId)
                        .setParameter("key", key)
                        .getResultList())
                .map(TaskRepository::firstTask);
    }

    private static Optional<TaskRecord> firstTask(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        return Optional.of(new TaskRecord(
                (String) r[0], (String) r[1], (String) r[2], (String) r[3],
                TaskStatus.fromWire((String) r[4]), (String) r[5], (String) r[6],
                ((Number) r[7]).intValue(), ((Number) r[8]).longValue(),
                r[9] == null ? null : ((Number) r[9]).longValue(),
                r[10] == null ? null : ((Number) r[10]).longValue(),
                (String) r[11]));
    }
}
