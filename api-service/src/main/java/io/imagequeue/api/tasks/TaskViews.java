package io.imagequeue.api.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.model.task.TaskDocument;
import io.imagequeue.model.task.TaskPayload;
import io.imagequeue.model.task.TaskStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The task document of {@code GET /v2/tasks/{task_address}} and the 202 answer of async calls. */
@ApplicationScoped
public class TaskViews {

    private final TaskResults results;
    private final ObjectMapper json;

    public TaskViews(TaskResults results, ObjectMapper json) {
        this.results = results;
        this.json = json;
    }

    public static String statusUrl(String taskId) {
        return "/v2/tasks/" + taskId;
    }

    public static Map<String, Object> accepted(TaskRecord task) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task_address", task.id());
        body.put("status", task.status().wire());
        body.put("status_url", statusUrl(task.id()));
        body.put("created_at", task.createdAt());
        return body;
    }

    public Uni<Map<String, Object>> document(TaskRecord task) {
        return document(task, payloadOf(task));
    }

    /** As {@link #document(TaskRecord)}, with the task's request already read (null if unreadable). */
    public Uni<Map<String, Object>> document(TaskRecord task, TaskPayload payload) {
        Map<String, Object> body = summary(task, payload);
        if (task.status() != TaskStatus.SUCCEEDED) {
            return Uni.createFrom().item(body);
        }
        return results.render(task, payload != null ? payload : results.payload(task)).map(result -> {
            body.put("result", result);
            return body;
        });
    }

    /**
     * The document without {@code result}: what the task list and the event stream show, so they
     * never carry images. {@code queue_position} only while queued, {@code progress} only while
     * running and reported by the provider.
     */
    public Map<String, Object> summary(TaskRecord task) {
        return summary(task, payloadOf(task));
    }

    private Map<String, Object> summary(TaskRecord task, TaskPayload payload) {
        Map<String, Object> body = TaskDocument.of(TaskDocument.Task.of(task.id(), task.status(), task.endpoint(),
                task.model(), payload, task.createdAt(), task.startedAt(), task.completedAt(), task.attempts()));
        if (task.status() == TaskStatus.QUEUED && task.queuePosition() != null) {
            body.put("queue_position", task.queuePosition());
        }
        if (task.status() == TaskStatus.RUNNING && task.progress() != null) {
            body.put("progress", task.progress());
        }
        if (task.status() == TaskStatus.FAILED && task.errorJson() != null) {
            body.put("error", error(task));
        }
        return body;
    }

    /** The task's stored request (its prompt, its webhook), or null where it cannot be read. */
    public TaskPayload payloadOf(TaskRecord task) {
        try {
            return json.readValue(task.requestJson(), TaskPayload.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** The stored failure: {@code {"message", "type", "code"}}. */
    public Map<String, Object> error(TaskRecord task) {
        return TaskDocument.error(json, task.errorJson());
    }
}
