package io.imagequeue.api.watching;

import io.imagequeue.api.tasks.TaskRecord;
import io.imagequeue.api.tasks.TaskRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A page of a tenant's tasks, newest first, by keyset on (created_at, id): the index
 * {@code tasks_tenant_created_id} serves it backwards from the cursor, so a page costs the same on
 * the millionth task as on the first (plan in docs/decisions.md, "Watching work").
 */
@ApplicationScoped
public class TaskListRepository {

    private final Mutiny.SessionFactory sessions;

    public TaskListRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Up to {@code query.limit() + 1} tasks: the one beyond the page says whether there is more. */
    public Uni<List<TaskRecord>> page(String tenantId, TaskListQuery query) {
        StringBuilder sql = new StringBuilder("select " + TaskRepository.TASK_COLUMNS
                + " from tasks where tenant_id = :tenant");
        if (!query.statuses().isEmpty()) {
            sql.append(" and status = any(:statuses)");
        }
        if (query.model() != null) {
            sql.append(" and model = :model");
        }
        if (query.createdAfter() != null) {
            sql.append(" and created_at >= to_timestamp(:createdAfter)");
        }
        if (query.createdBefore() != null) {
            sql.append(" and created_at < to_timestamp(:createdBefore)");
        }
        if (query.after() != null) {
            sql.append(" and (created_at, id) < (cast(cast(:cursorTime as text) as timestamptz), :cursorId)");
        }
        sql.append(" order by created_at desc, id desc limit :limit");
        return sessions.withStatelessSession(s -> {
            var select = s.createNativeQuery(sql.toString(), Object[].class)
                    .setParameter("tenant", tenantId)
                    .setParameter("limit", query.limit() + 1);
            if (!query.statuses().isEmpty()) {
                select.setParameter("statuses", query.statusWires().toArray(String[]::new));
            }
            if (query.model() != null) {
                select.setParameter("model", query.model());
            }
            if (query.createdAfter() != null) {
                select.setParameter("createdAfter", query.createdAfter().doubleValue());
            }
            if (query.createdBefore() != null) {
                select.setParameter("createdBefore", query.createdBefore().doubleValue());
            }
            if (query.after() != null) {
                select.setParameter("cursorTime", query.after().createdAt())
                        .setParameter("cursorId", query.after().taskId());
            }
            return select.getResultList();
        }).map(rows -> rows.stream().map(TaskRepository::taskOf).toList());
    }
}
