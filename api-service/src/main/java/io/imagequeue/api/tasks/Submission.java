package io.imagequeue.api.tasks;

import io.imagequeue.model.task.TaskPayload;
import io.imagequeue.model.task.TaskPriority;

/**
 * A validated generation request on its way into the queue.
 *
 * @param taskId      the new task's address, chosen before anything is stored (input images live under it)
 * @param requestHash hash of the body without {@code async}: the same key with another body is a conflict
 */
public record Submission(
        String taskId,
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
