package io.imagequeue.worker.tasks;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Returns running tasks whose lease ran out (their worker died or hung) to the queue, with an
 * outbox row that republishes their job; a task that already spent its attempts fails instead.
 * One worker at a time does this, under a transaction-scoped advisory lock.
 */
@ApplicationScoped
public class LeaseReaper {

    private static final Logger LOG = Logger.getLogger(LeaseReaper.class);
    /** Advisory lock key of the reaper ("iq-reap"), shared by every worker. */
    private static final long LOCK_KEY = 0x69712d72656170L;
    private static final int BATCH = 500;

    private final Mutiny.SessionFactory sessions;
    private final TaskStore tasks;

    public LeaseReaper(Mutiny.SessionFactory sessions, TaskStore tasks) {
        this.sessions = sessions;
        this.tasks = tasks;
    }

    @Scheduled(every = "${imagequeue.reaper.interval:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> reap() {
        return sessions.withTransaction(s -> s.createNativeQuery("select pg_try_advisory_xact_lock(:key)", Boolean.class)
                        .setParameter("key", LOCK_KEY)
                        .getSingleResult()
                        .flatMap(locked -> locked ? reapExpired(s) : Uni.createFrom().voidItem()))
                .onFailure().invoke(f -> LOG.warnf("reaper failed: %s", f.getMessage()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> reapExpired(Mutiny.Session s) {
        return s.createNativeQuery("""
                        select id, model, priority, attempts >= max_attempts as exhausted from tasks
                        where status = 'running' and lease_until < now()
                        order by lease_until limit :batch for update skip locked""", Object[].class)
                .setParameter("batch", BATCH)
                .getResultList()
                .flatMap(rows -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Object[] row : rows) {
                        String id = (String) row[0];
                        String model = (String) row[1];
                        boolean exhausted = Boolean.TRUE.equals(row[3]);
                        chain = chain.chain(() -> exhausted ? failExhausted(s, id) : requeue(s, id, model, (String) row[2]));
                    }
                    if (!rows.isEmpty()) {
                        LOG.infof("reaper returned %d task(s) whose worker stopped renewing its lease", rows.size());
                    }
                    return chain;
                });
    }

    private Uni<Void> requeue(Mutiny.Session s, String taskId, String model, String priority) {
        return s.createNativeQuery("""
                        update tasks set status = 'queued', lease_owner = null, lease_until = null, updated_at = now()
                        where id = :id and status = 'running'""")
                .setParameter("id", taskId)
                .executeUpdate()
                .chain(() -> s.createNativeQuery(
                                "insert into task_outbox (task_id, topic, payload) values (:id, :topic, :payload)")
                        .setParameter("id", taskId)
                        .setParameter("topic", tasks.topicOf(model, priority))
                        .setParameter("payload", TaskStore.jobOf(taskId, model, priority))
                        .executeUpdate())
                .replaceWithVoid();
    }

    private Uni<Void> failExhausted(Mutiny.Session s, String taskId) {
        // Failing releases the task's reserved credits and frees its key's slot in the same statement.
        return s.createNativeQuery("""
                        with ended as (
                            update tasks set status = 'failed', completed_at = now(), lease_owner = null, lease_until = null,
                                   error = '{"message": "The task failed on every attempt (its workers stopped).", "type": "provider_error", "code": "attempts_exhausted"}'::jsonb,
                                   updated_at = now()
                            where id = :id and status = 'running'
                            returning id, tenant_id, api_key_id, credit_reserved, 0::numeric as charge
                        )""" + TaskSettlement.AFTER_ENDED + """
                        select count(*) from ended""", Object.class)
                .setParameter("id", taskId)
                .getSingleResult()
                .chain(() -> TaskStore.notifyDone(s, taskId));
    }
}
