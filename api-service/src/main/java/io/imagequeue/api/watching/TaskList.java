package io.imagequeue.api.watching;

import io.imagequeue.api.tasks.TaskRecord;
import io.imagequeue.api.tasks.TaskViews;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The answer of {@code GET /v2/tasks}: {@code data}, {@code has_more}, {@code next_cursor}. */
@ApplicationScoped
public class TaskList {

    private final TaskListRepository tasks;
    private final TaskViews views;

    public TaskList(TaskListRepository tasks, TaskViews views) {
        this.tasks = tasks;
        this.views = views;
    }

    public Uni<Map<String, Object>> page(String tenantId, TaskListQuery query) {
        return tasks.page(tenantId, query).map(found -> {
            boolean more = found.size() > query.limit();
            List<TaskRecord> page = more ? found.subList(0, query.limit()) : found;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("object", "list");
            body.put("data", page.stream().map(views::summary).toList());
            body.put("has_more", more);
            TaskRecord last = page.isEmpty() ? null : page.get(page.size() - 1);
            body.put("next_cursor", more ? new TaskCursor(last.createdAtText(), last.id()).encode() : null);
            return body;
        });
    }
}
