package io.imagequeue.api.tasks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.model.task.TaskStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The task document of {@code GET /v2/tasks/{task_address}} and the 202 answer of async calls. */
@ApplicationScoped
public class TaskViews {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task_address", task.id());
        body.put("object", "image.task");
        body.put("status", task.status().wire());
        body.put("endpoint", task.endpoint());
        body.put("model", task.model());
        body.put("created_at", task.createdAt());
        body.put("started_at", task.startedAt());
        body.put("completed_at", task.completedAt());
        body.put("attempts", task.attempts());
        JsonNode webhook = webhookOf(task);
        body.put("webhook_url", webhook == null ? null : webhook.path("url").asText(null));
        body.put("webhook_events", webhook == null ? null : json.convertValue(webhook.path("events"), List.class));
        if (task.status() == TaskStatus.FAILED && task.errorJson() != null) {
            body.put("error", error(task));
        }
        if (task.status() != TaskStatus.SUCCEEDED) {
            return Uni.createFrom().item(body);
        }
        return results.render(task).map(result -> {
            body.put("result", result);
            return body;
        });
    }

    /** The webhook the task's request asked for, or null. */
    private JsonNode webhookOf(TaskRecord task) {
        try {
            JsonNode webhook = json.readTree(task.requestJson()).get("webhook");
            return webhook == null || webhook.isNull() ? null : webhook;
        } catch (IOException e) {
            return null;
        }
    }

    /** The stored failure: {@code {"message", "type", "code"}}. */
    public Map<String, Object> error(TaskRecord task) {
        try {
            return json.readValue(task.errorJson(), OBJECT);
        } catch (IOException e) {
            return Map.of("message", "The task failed.", "type", "server_error", "code", "unknown");
        }
    }
}
