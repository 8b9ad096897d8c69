package io.imagequeue.api.tasks;

import io.imagequeue.model.task.TaskPriority;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * Everything needed to create a task: who asks, through which endpoint, the validated request as
 * stored JSON, and the idempotency key and body hash when the caller sent a key.
 *
 * @param keyId     the API key that submits it: its limits admit the task
 * @param unitPrice credits per image produced
 * @param reserve   the worst case (unit price × n), held back from the tenant's balance until the task ends
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
        String requestHash,
        UUID keyId,
        BigDecimal unitPrice,
        BigDecimal reserve) {
}
