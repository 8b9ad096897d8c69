package io.imagequeue.api.webhooks;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/** A task's webhook deliveries and their attempts, as the API shows them; and redelivery. */
@ApplicationScoped
public class DeliveryLog {

    private final Mutiny.SessionFactory sessions;

    public DeliveryLog(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** The task's deliveries in the order its events happened, each with its attempts. */
    public Uni<List<Map<String, Object>>> deliveries(String tenantId, String taskId) {
        return sessions.withStatelessSession(s -> s.createNativeQuery("""
                                select d.id, d.event, d.webhook_id, d.url, d.status,
                                       extract(epoch from d.occurred_at)::bigint,
                                       case when d.status = 'pending' then extract(epoch from d.next_attempt_at)::bigint end,
                                       extract(epoch from d.finished_at)::bigint,
                                       a.attempt, extract(epoch from a.attempted_at)::bigint, a.status_code, a.error, a.duration_ms
                                from webhook_deliveries d
                                left join webhook_attempts a on a.delivery_id = d.id
                                where d.task_id = :task and d.tenant_id = :tenant
                                order by d.id, a.attempt""", Object[].class)
                        .setParameter("task", taskId)
                        .setParameter("tenant", tenantId)
                        .getResultList())
                .map(DeliveryLog::grouped);
    }

    /**
     * Queues the task's last event again, under its webhook id, from the first step of the retry
     * schedule; an answer of 410 before no longer stops it. False when the task has no delivery.
     */
    public Uni<Boolean> redeliverLast(String tenantId, String taskId) {
        return sessions.withTransaction(s -> s.createNativeQuery("""
                                update webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = now(),
                                                              gone = false, finished_at = null
                                where id = (select max(id) from webhook_deliveries where task_id = :task and tenant_id = :tenant)
                                returning id""", Object.class)
                        .setParameter("task", taskId)
                        .setParameter("tenant", tenantId)
                        .getResultList())
                .map(rows -> !rows.isEmpty());
    }

    private static List<Map<String, Object>> grouped(List<Object[]> rows) {
        List<Map<String, Object>> deliveries = new ArrayList<>();
        Object currentId = null;
        List<Map<String, Object>> attempts = null;
        for (Object[] r : rows) {
            if (!r[0].equals(currentId)) {
                currentId = r[0];
                attempts = new ArrayList<>();
                Map<String, Object> delivery = new LinkedHashMap<>();
                delivery.put("event", r[1]);
                delivery.put("type", "task." + r[1]);
                delivery.put("webhook_id", r[2]);
                delivery.put("url", r[3]);
                delivery.put("state", r[4]);
                delivery.put("created_at", r[5]);
                delivery.put("next_attempt_at", r[6]);
                delivery.put("finished_at", r[7]);
                delivery.put("attempts", attempts);
                deliveries.add(delivery);
            }
            if (r[8] != null) {
                Map<String, Object> attempt = new LinkedHashMap<>();
                attempt.put("attempt", r[8]);
                attempt.put("at", r[9]);
                attempt.put("status_code", r[10]);
                attempt.put("error", r[11]);
                attempt.put("duration_ms", r[12]);
                attempts.add(attempt);
            }
        }
        return deliveries;
    }
}
