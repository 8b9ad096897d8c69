package io.imagequeue.api.tasks;

import io.imagequeue.model.task.TaskPayload;
import io.imagequeue.model.task.TaskPriority;

/**
 * A validated generation request on its way into the queue.
 *
 * @param requestHash hash of the body without {@code async}: the same key with another body is a conflict
 */
public record Submission(
        String tenantId,
        String endpoint,
        String model,
        String topic,
        TaskPayload payload,
        boolean async,
        TaskPriority priority,
        String idempotencyKey,
        String requestHash) {
}
