package io.imagequeue.api.tasks;

import io.imagequeue.api.limits.KeyQuota;
import io.imagequeue.api.limits.Refusal;
import io.imagequeue.model.message.TaskJob;
import io.imagequeue.model.message.TaskEvents;
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

    private static final TaskJobCodec CODEC = new TaskJobCodec();

    /**
     * What inserting a task did: created it (with its outbox row and credit reservation), found one
     * with the same idempotency key, or refused it (a per-key limit, or too few credits).
     */
    public sealed interface Insertion {
        record Created(long outboxId, byte[] payload, KeyQuota quota) implements Insertion {
        }

        record Replayed(TaskRecord existing) implements Insertion {
        }

        record Refused(Refusal refusal) implements Insertion {
        }
    }

    /** Rolls the submit transaction back when the statement admitted nothing: no counter moved. */
    private static final class NotAdmitted extends RuntimeException {
        private final Insertion outcome;

        NotAdmitted(Insertion outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
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
     * Admits and writes a task in one statement (one round trip, atomic): counts the submission in
     * its key's request window and in-flight counter, moves its worst-case cost from the tenant's
     * balance to reserved with a {@code reserve} ledger row, and writes the task and outbox rows.
     *
     * <p>The key's usage row and the tenant's row are updated under row locks, which PostgreSQL
     * takes on their newest versions, so concurrent submissions on any number of replicas queue on
     * them and the limits and balance hold exactly. When the statement admits nothing (a limit, the
     * balance, or an idempotency key already used), the transaction is rolled back so that no counter
     * moved, and the earlier task is returned for a used idempotency key.
     */
    public Uni<Insertion> insert(NewTask task, int maxAttempts, Duration deadline, Duration outboxGrace,
                                 int defaultRequestsPerMinute, int defaultMaxInFlight) {
        byte[] payload = CODEC.encode(
                new TaskJob(TaskJob.CURRENT_SCHEMA, task.id(), task.model(), task.priority().wire()));
        Uni<Insertion> written = sessions.withTransaction(s -> s.createNativeQuery("""
                        with key_limits as (
                            select coalesce(requests_per_minute, :defaultRpm) as rpm,
                                   coalesce(max_in_flight, :defaultInFlight) as max_in_flight
                            from api_keys where id = cast(:key as uuid)
                        ), key_usage as (
                            insert into api_key_usage as u (key_id, window_start, window_count, in_flight)
                            values (cast(:key as uuid), date_trunc('minute', now()), 1, 1)
                            on conflict (key_id) do update set
                                window_count = case when u.window_start >= excluded.window_start
                                                    then u.window_count + 1 else 1 end,
                                window_start = greatest(u.window_start, excluded.window_start),
                                in_flight = u.in_flight + 1
                            returning window_start, window_count, in_flight
                        ), admitted as (
                            select 1 from key_usage, key_limits
                            where key_usage.window_count <= key_limits.rpm
                              and key_usage.in_flight <= key_limits.max_in_flight
                        ), reserved as (
                            update tenants set balance = balance - cast(:reserve as numeric),
                                               reserved = reserved + cast(:reserve as numeric)
                            where id = :tenant and balance >= cast(:reserve as numeric) and exists (select 1 from admitted)
                            returning id
                        ), created as (
                            insert into tasks (id, tenant_id, endpoint, model, priority, status, request, max_attempts,
                                               deadline_at, idempotency_key, request_hash, api_key_id,
                                               credit_unit_price, credit_reserved)
                            select cast(:id as text), cast(:tenant as text), cast(:endpoint as text), cast(:model as text),
                                   cast(:priority as text), 'queued', cast(cast(:request as text) as jsonb),
                                   cast(:maxAttempts as integer), now() + make_interval(secs => :deadlineSeconds),
                                   cast(:idempotencyKey as text), cast(:requestHash as text), cast(:key as uuid),
                                   cast(:unitPrice as numeric), cast(:reserve as numeric)
                            from reserved
                            on conflict (tenant_id, idempotency_key) where idempotency_key is not null do nothing
                            returning id
                        ), ledger as (
                            insert into credit_ledger (tenant_id, task_id, kind, amount)
                            select :tenant, id, 'reserve', cast(:reserve as numeric) from created
                        ), outbox as (
                            insert into task_outbox (task_id, topic, payload, available_at)
                            select id, :topic, :payload, now() + make_interval(secs => :graceSeconds) from created
                            returning id
                        )
                        select (select id from outbox), key_usage.window_count, key_usage.in_flight,
                               key_limits.rpm, key_limits.max_in_flight,
                               ceil(extract(epoch from key_usage.window_start + interval '1 minute' - now()))::bigint,
                               (select count(*) from reserved)
                        from key_usage, key_limits""", Object[].class)
                .setParameter("defaultRpm", defaultRequestsPerMinute)
                .setParameter("defaultInFlight", defaultMaxInFlight)
                .setParameter("key", task.keyId().toString())
                .setParameter("reserve", task.reserve())
                .setParameter("unitPrice", task.unitPrice())
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
                .getResultList()
                .map(rows -> admission(task, payload, rows)));
        return written
                .onFailure(NotAdmitted.class).recoverWithItem(f -> ((NotAdmitted) f).outcome)
                .flatMap(outcome -> {
                    boolean mayBeReplay = outcome == null
                            || (outcome instanceof Insertion.Refused && task.idempotencyKey() != null);
                    if (!mayBeReplay) {
                        return Uni.createFrom().item(outcome);
                    }
                    // A used idempotency key answers its task, whatever the limits say now.
                    return findByIdempotencyKey(task.tenantId(), task.idempotencyKey()).map(existing -> existing
                            .<Insertion>map(Insertion.Replayed::new)
                            .orElseGet(() -> {
                                if (outcome == null) {
                                    throw new IllegalStateException("idempotency conflict without a task");
                                }
                                return outcome;
                            }));
                });
    }

    /** Reads the submit statement's one row; anything but a created task rolls the transaction back. */
    private static Insertion admission(NewTask task, byte[] payload, List<Object[]> rows) {
        if (rows.isEmpty()) {
            throw new IllegalStateException("no api key row for the authenticated caller");
        }
        Object[] r = rows.get(0);
        int windowCount = ((Number) r[1]).intValue();
        int inFlight = ((Number) r[2]).intValue();
        int rpm = ((Number) r[3]).intValue();
        int maxInFlight = ((Number) r[4]).intValue();
        long resetSeconds = ((Number) r[5]).longValue();
        if (r[0] != null) {
            return new Insertion.Created(((Number) r[0]).longValue(), payload,
                    new KeyQuota(rpm, rpm - windowCount, resetSeconds));
        }
        // The counters counted this refused submission too; the rollback takes it back.
        KeyQuota quota = new KeyQuota(rpm, rpm - windowCount + 1, resetSeconds);
        if (windowCount > rpm) {
            throw new NotAdmitted(new Insertion.Refused(new Refusal.RequestRate(new KeyQuota(rpm, 0, resetSeconds))));
        }
        if (inFlight > maxInFlight) {
            throw new NotAdmitted(new Insertion.Refused(new Refusal.InFlight(maxInFlight, quota)));
        }
        if (((Number) r[6]).intValue() == 0) {
            throw new NotAdmitted(new Insertion.Refused(new Refusal.Quota(task.reserve())));
        }
        // Admitted and reserved, but the tenant already used the idempotency key: a replay.
        throw new NotAdmitted(null);
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
