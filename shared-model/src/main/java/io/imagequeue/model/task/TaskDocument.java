package io.imagequeue.model.task;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.model.webhook.WebhookRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task object of {@code GET /v2/tasks/{task_address}}, built in one place for the API's answers
 * and the workers' webhook payloads, so both show a task the same way.
 */
public final class TaskDocument {

    /** A task's fields as the document shows them; times are epoch seconds, null until they happen. */
    public record Task(String taskId, TaskStatus status, String endpoint, String model, String prompt, long createdAt,
                       Long startedAt, Long completedAt, int attempts, WebhookRequest webhook) {

        /** The task's prompt and webhook, as its stored request has them (the payload may be null). */
        public static Task of(String taskId, TaskStatus status, String endpoint, String model, TaskPayload payload,
                              long createdAt, Long startedAt, Long completedAt, int attempts) {
            return new Task(taskId, status, endpoint, model,
                    payload == null || payload.request() == null ? null : payload.request().prompt(),
                    createdAt, startedAt, completedAt, attempts, payload == null ? null : payload.webhook());
        }
    }

    /** One image of a result: a link, or base64 data where the endpoint answers inline. */
    public record RenderedImage(String value, String revisedPrompt) {
    }

    private static final TypeReference<Map<String, Object>> ERROR = new TypeReference<>() {
    };

    private TaskDocument() {
    }

    /** The document without {@code error} and {@code result}, which the caller adds when they apply. */
    public static Map<String, Object> of(Task task) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task_address", task.taskId());
        body.put("object", "image.task");
        body.put("status", task.status().wire());
        body.put("endpoint", task.endpoint());
        body.put("model", task.model());
        body.put("prompt", task.prompt());
        body.put("created_at", task.createdAt());
        body.put("started_at", task.startedAt());
        body.put("completed_at", task.completedAt());
        body.put("attempts", task.attempts());
        body.put("webhook_url", task.webhook() == null ? null : task.webhook().url());
        body.put("webhook_events", task.webhook() == null ? null : task.webhook().events());
        return body;
    }

    /** A failed task's stored error, {@code {"message", "type", "code"}}. */
    public static Map<String, Object> error(ObjectMapper json, String errorJson) {
        try {
            return json.readValue(errorJson, ERROR);
        } catch (IOException e) {
            return Map.of("message", "The task failed.", "type", "server_error", "code", "unknown");
        }
    }

    /**
     * A succeeded task's result in its endpoint's shape.
     *
     * @param inline whether the OpenAI shape's images are {@code b64_json} rather than {@code url}
     * @param created the OpenAI shape's {@code created}
     */
    public static Map<String, Object> result(ResultShape shape, boolean inline, long created, List<RenderedImage> images) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<String> values = images.stream().map(RenderedImage::value).toList();
        switch (shape) {
            case BASE64_IMAGES, URL_IMAGES -> body.put("images", values);
            case URLS -> body.put("urls", values);
            case OPENAI -> {
                body.put("created", created);
                body.put("data", images.stream().map(image -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put(inline ? "b64_json" : "url", image.value());
                    if (image.revisedPrompt() != null) {
                        item.put("revised_prompt", image.revisedPrompt());
                    }
                    return item;
                }).toList());
            }
        }
        return body;
    }
}
