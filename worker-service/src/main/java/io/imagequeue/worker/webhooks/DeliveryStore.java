package io.imagequeue.worker.webhooks;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The webhook_deliveries rows, as the senders see them: claim due ones under a lease, record what
 * an attempt did.
 *
 * <p>A delivery is due when it is pending, its time has come, nobody holds a live lease on it, and
 * no earlier event of its task is still pending: a task's events go out one after the other, each
 * waiting until the one before was delivered or abandoned. {@code for update skip locked} lets
 * every worker claim at the same time without waiting for or taking each other's rows.
 */
@ApplicationScoped
public class DeliveryStore {

    private static final String CLAIM = """
            with due as (
                select d.id from webhook_deliveries d
                where d.status = 'pending' and d.next_attempt_at <= now()
                  and (d.lease_until is null or d.lease_until < now())
                  and not exists (select 1 from webhook_deliveries e
                                  where e.task_id = d.task_id and e.id < d.id and e.status = 'pending')
                order by d.next_attempt_at
                limit :limit
                for update of d skip locked
            )
            update webhook_deliveries d
            set lease_owner = :owner, lease_until = now() + make_interval(secs => :lease)
            from due where d.id = due.id
            returning d.id, d.task_id, d.tenant_id, d.event, d.webhook_id, d.url, d.attempts,
                      extract(epoch from d.occurred_at)::bigint,
                      coalesce((select s.generation from webhook_signing s where s.tenant_id = d.tenant_id), 1),
                      (select s.previous_generation from webhook_signing s
                       where s.tenant_id = d.tenant_id and s.previous_valid_until > now())""";

    private final Mutiny.SessionFactory sessions;

    public DeliveryStore(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    public Uni<List<ClaimedDelivery>> claim(String owner, int limit, Duration lease) {
        return sessions.withTransaction(s -> s.createNativeQuery(CLAIM, Object[].class)
                        .setParameter("limit", limit)
                        .setParameter("owner", owner)
                        .setParameter("lease", (double) lease.toSeconds())
                        .getResultList())
                .map(rows -> rows.stream().map(DeliveryStore::claimed).toList());
    }

    /** What one attempt ended with, and what becomes of the delivery. */
    public record Attempt(Integer statusCode, String error, long durationMillis) {
    }

    /** The receiver took it: delivered. */
    public Uni<Void> delivered(ClaimedDelivery delivery, String owner, Attempt attempt) {
        return finish(delivery, owner, attempt, "status = 'delivered', finished_at = now()", null);
    }

    /** Try again after {@code wait}. */
    public Uni<Void> retryLater(ClaimedDelivery delivery, String owner, Attempt attempt, Duration wait) {
        return finish(delivery, owner, attempt, "next_attempt_at = now() + make_interval(secs => :wait)", wait);
    }

    /** Retries spent: abandoned, recorded as failed. */
    public Uni<Void> abandoned(ClaimedDelivery delivery, String owner, Attempt attempt) {
        return finish(delivery, owner, attempt, "status = 'failed', finished_at = now()", null);
    }

    /**
     * The receiver answered 410 Gone: this delivery and every pending one of the task fail, and the
     * trigger writes none for the task's later events.
     */
    public Uni<Void> gone(ClaimedDelivery delivery, String owner, Attempt attempt) {
        // one transaction: a crash between the two statements would leave the task's later events pending
        return sessions.withTransaction(s -> record(s, delivery, owner, attempt,
                        "status = 'failed', finished_at = now(), gone = true", null)
                .chain(moved -> moved == 0 ? Uni.createFrom().item(0) : s.createNativeQuery("""
                                update webhook_deliveries set status = 'failed', finished_at = now()
                                where task_id = :task and status = 'pending'""")
                        .setParameter("task", delivery.taskId())
                        .executeUpdate()))
                .replaceWithVoid();
    }

    /**
     * Records the attempt and moves the delivery on, only while this worker still holds its lease:
     * a worker that lost its lease (it stalled past it) records nothing, and the new holder decides.
     */
    private Uni<Void> finish(ClaimedDelivery delivery, String owner, Attempt attempt, String change, Duration wait) {
        return sessions.withTransaction(s -> record(s, delivery, owner, attempt, change, wait)).replaceWithVoid();
    }

    /** The lease-checked move and its attempt row; answers 1 when this worker still held the delivery, else 0. */
    private static Uni<Integer> record(Mutiny.Session s, ClaimedDelivery delivery, String owner, Attempt attempt,
                                       String change, Duration wait) {
        String sql = """
                with moved as (
                    update webhook_deliveries set %s, attempts = attempts + 1, lease_owner = null, lease_until = null
                    where id = :id and lease_owner = :owner
                    returning id
                )
                insert into webhook_attempts (delivery_id, attempt, status_code, error, duration_ms)
                select id, coalesce((select max(attempt) from webhook_attempts where delivery_id = :id), 0) + 1,
                       cast(:status as integer), cast(:error as text), :duration
                from moved""".formatted(change);
        var query = s.createNativeQuery(sql)
                .setParameter("id", delivery.id())
                .setParameter("owner", owner)
                .setParameter("status", attempt.statusCode())
                .setParameter("error", attempt.error())
                .setParameter("duration", (int) Math.min(Integer.MAX_VALUE, attempt.durationMillis()));
        if (wait != null) {
            query.setParameter("wait", wait.toMillis() / 1000.0);
        }
        return query.executeUpdate();
    }

    /** Pending deliveries, for the backlog gauge. */
    public Uni<Long> backlog() {
        return sessions.withStatelessSession(s -> s.createNativeQuery(
                "select count(*) from webhook_deliveries where status = 'pending'", Long.class).getSingleResult());
    }

    private static ClaimedDelivery claimed(Object[] r) {
        List<Integer> generations = new ArrayList<>();
        generations.add(((Number) r[8]).intValue());
        if (r[9] != null) {
            generations.add(((Number) r[9]).intValue());
        }
        return new ClaimedDelivery(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                (String) r[4], (String) r[5], ((Number) r[6]).intValue(), ((Number) r[7]).longValue(), generations);
    }
}
