package io.imagequeue.worker.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.model.task.GenerationEndpoints;
import io.imagequeue.model.task.ResultShape;
import io.imagequeue.model.task.TaskDocument;
import io.imagequeue.model.task.TaskPayload;
import io.imagequeue.model.task.TaskStatus;
import io.imagequeue.model.webhook.WebhookEvent;
import io.imagequeue.objectstore.ObjectStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The body of a delivery: {@code {"type": "task.<event>", "timestamp": "<RFC 3339>", "data": <task>}},
 * the task as {@code GET /v2/tasks/{task_address}} shows it when the delivery is sent, except that
 * images are always presigned links (never base64), so a body stays small. The timestamp is when
 * the event happened, the same on every retry.
 */
@ApplicationScoped
public class WebhookPayloads {

    private final Mutiny.SessionFactory sessions;
    private final ObjectStore store;
    private final ObjectMapper json;
    private final WebhookConfig config;

    public WebhookPayloads(Mutiny.SessionFactory sessions, ObjectStore store, ObjectMapper json, WebhookConfig config) {
        this.sessions = sessions;
        this.store = store;
        this.json = json;
        this.config = config;
    }

    /** The task's row and its images' object keys, read on the caller's Vert.x context. */
    public record TaskRow(Object[] task, List<Object[]> images) {
    }

    public Uni<TaskRow> read(String taskId) {
        return sessions.withStatelessSession(s -> s.createNativeQuery("""
                                select id, endpoint, model, status, request::text, error::text, attempts,
                                       extract(epoch from created_at)::bigint, extract(epoch from started_at)::bigint,
                                       extract(epoch from completed_at)::bigint
                                from tasks where id = :id""", Object[].class)
                        .setParameter("id", taskId)
                        .getSingleResult()
                        .flatMap(task -> s.createNativeQuery(
                                        "select object_key, revised_prompt from task_images where task_id = :id order by idx",
                                        Object[].class)
                                .setParameter("id", taskId)
                                .getResultList()
                                .map(images -> new TaskRow(task, images))));
    }

    /** The JSON body; presigns the image links (blocking: call it on a worker thread). */
    public String render(ClaimedDelivery delivery, TaskRow row) {
        Object[] t = row.task();
        TaskStatus status = TaskStatus.fromWire((String) t[3]);
        TaskPayload payload = payload((String) t[4]);
        Long completedAt = t[9] == null ? null : ((Number) t[9]).longValue();
        long createdAt = ((Number) t[7]).longValue();
        Map<String, Object> data = TaskDocument.of(TaskDocument.Task.of((String) t[0], status, (String) t[1], (String) t[2],
                payload, createdAt, t[8] == null ? null : ((Number) t[8]).longValue(), completedAt,
                ((Number) t[6]).intValue()));
        if (status == TaskStatus.FAILED && t[5] != null) {
            data.put("error", TaskDocument.error(json, (String) t[5]));
        }
        if (status == TaskStatus.SUCCEEDED) {
            ResultShape shape = GenerationEndpoints.shapeOf((String) t[1]);
            List<TaskDocument.RenderedImage> links = row.images().stream()
                    .map(image -> new TaskDocument.RenderedImage(store.presignedGetUrl((String) image[0], config.linkTtl()),
                            (String) image[1]))
                    .toList();
            data.put("result", TaskDocument.result(shape, false, completedAt != null ? completedAt : createdAt, links));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", WebhookEvent.fromWire(delivery.event()).orElseThrow().type());
        body.put("timestamp", Instant.ofEpochSecond(delivery.occurredAt()).toString());
        body.put("data", data);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook body not serialisable", e);
        }
    }

    private TaskPayload payload(String requestJson) {
        try {
            return json.readValue(requestJson, TaskPayload.class);
        } catch (IOException e) {
            return null;
        }
    }
}
