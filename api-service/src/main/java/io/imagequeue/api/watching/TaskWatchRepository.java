package io.imagequeue.api.watching;

import io.imagequeue.api.tasks.TaskRecord;
import io.imagequeue.api.tasks.TaskRepository;
import io.imagequeue.model.task.TaskStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The event streams' read of their task, on the reactive pool rather than a Hibernate session: a
 * stream reads from notification and timer callbacks, outside the request's context.
 */
@ApplicationScoped
public class TaskWatchRepository {

    private final Pool pool;

    public TaskWatchRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<WatchedTask>> find(String tenantId, String taskId) {
        return pool.preparedQuery("select " + TaskRepository.TASK_COLUMNS
                        + ", priority from tasks where id = $1 and tenant_id = $2")
                .execute(Tuple.of(taskId, tenantId))
                .map(TaskWatchRepository::first);
    }

    private static Optional<WatchedTask> first(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Optional.empty();
        }
        Row r = rows.iterator().next();
        TaskRecord task = new TaskRecord(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                TaskStatus.fromWire(r.getString(4)), r.getString(5), r.getString(6), r.getInteger(7), r.getLong(8),
                r.getLong(9), r.getLong(10), r.getString(11), r.getLong(12),
                r.getValue(13) == null ? null : ((Number) r.getValue(13)).doubleValue(), r.getString(14));
        return Optional.of(new WatchedTask(task, r.getString(15)));
    }
}
