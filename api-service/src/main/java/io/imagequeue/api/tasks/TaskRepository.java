package io.imagequeue.api.tasks;

import io.imagequeue.model.message.TaskEvents;
import io.imagequeue.model.task.TaskStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** The API's reads of task rows, and cancel. Admission writes tasks: see the admission package. */
@ApplicationScoped
public class TaskRepository {

    /** The columns {@link #taskOf} reads, in its order. */
    public static final String TASK_COLUMNS = """
            id, tenant_id, endpoint, model, status, request::text, error::text, attempts,
            extract(epoch from created_at)::bigint, extract(epoch from started_at)::bigint,
            extract(epoch from completed_at)::bigint, request_hash,
            case when status = 'queued' then task_queue_position(model, priority, queue_ticket) end,
            round(progress::numeric, 3)::float8,
            created_at::text""";

    private final Mutiny.SessionFactory sessions;

    public TaskRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
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
     * discards the result. Its reserved credits are released and its key's in-flight slot freed in
     * the same statement. {@code released} reads {@code freed} so that PostgreSQL locks the key's
     * usage row before the tenant's row, the order the submit statement takes them in: a cancel and
     * a submission of the same key never deadlock.
     */
    public Uni<Boolean> cancel(String tenantId, String taskId) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                with canceled as (
                                    update tasks set status = 'canceled', completed_at = now(), lease_owner = null,
                                                     lease_until = null, updated_at = now()
                                    where id = :id and tenant_id = :tenant and status in ('queued', 'running')
                                    returning id, tenant_id, api_key_id, credit_reserved
                                ), freed as (
                                    update api_key_usage u set in_flight = u.in_flight - 1
                                    from canceled c where u.key_id = c.api_key_id
                                    returning u.key_id
                                ), released as (
                                    update tenants t set balance = t.balance + c.credit_reserved,
                                                         reserved = t.reserved - c.credit_reserved
                                    from canceled c where t.id = c.tenant_id and (select count(*) from freed) >= 0
                                ), release_row as (
                                    insert into credit_ledger (tenant_id, task_id, kind, amount)
                                    select tenant_id, id, 'release', credit_reserved from canceled where credit_reserved > 0
                                )
                                select count(*) from canceled""", Object.class)
                        .setParameter("id", taskId)
                        .setParameter("tenant", tenantId)
                        .getSingleResult()
                        .map(count -> ((Number) count).intValue())
                        .flatMap(updated -> updated == 0
                                ? Uni.createFrom().item(false)
                                : s.createNativeQuery("select pg_notify('" + TaskEvents.DONE_CHANNEL + "', :id)")
                                        .setParameter("id", taskId)
                                        .getResultList()
                                        .replaceWith(true)));
    }

    public Uni<Optional<TaskRecord>> findByIdempotencyKey(String tenantId, String key) {
        return sessions.withStatelessSession(s -> s.createNativeQuery(
                                "select " + TASK_COLUMNS + " from tasks where tenant_id = :tenant and idempotency_key = :key",
                                Object[].class)
                        .setParameter("tenant", tenantId)
                        .setParameter("key", key)
                        .getResultList())
                .map(TaskRepository::firstTask);
    }

    private static Optional<TaskRecord> firstTask(List<Object[]> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(taskOf(rows.get(0)));
    }

    /** A row of {@link #TASK_COLUMNS}. */
    public static TaskRecord taskOf(Object[] r) {
        return new TaskRecord(
                (String) r[0], (String) r[1], (String) r[2], (String) r[3],
                TaskStatus.fromWire((String) r[4]), (String) r[5], (String) r[6],
                ((Number) r[7]).intValue(), ((Number) r[8]).longValue(),
                r[9] == null ? null : ((Number) r[9]).longValue(),
                r[10] == null ? null : ((Number) r[10]).longValue(),
                (String) r[11],
                r[12] == null ? null : ((Number) r[12]).longValue(),
                r[13] == null ? null : ((Number) r[13]).doubleValue(),
                (String) r[14]);
    }
}
