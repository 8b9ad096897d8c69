package io.imagequeue.api.tasks;

import io.imagequeue.model.task.TaskPriority;

/**
 * Everything needed to create a task: who asks, through which endpoint, the validated request as
 * stored JSON, and the idempotency key and body hash when the caller sent a key.
 */
public record NewTask(
        String id,
        String tenantId,
        String endpoint,
        String model,
        String topic,
        TaskPriority priority,
        String requestJson,
        String idempotencyKey,
        String requestHash) {
}
