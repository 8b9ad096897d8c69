package io.imagequeue.api.tasks;

import io.imagequeue.model.task.TaskPayload;
import io.imagequeue.model.task.TaskPriority;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * A validated generation request on its way into the queue.
 *
 * @param taskId      the new task's address, chosen before anything is stored (input images live under it)
 * @param requestHash hash of the body without {@code async}: the same key with another body is a conflict
 * @param keyId       the API key submitting it, whose limits admit it
 * @param unitPrice   the catalog's price of one image of this request (model, size, quality)
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
        String requestHash,
        UUID keyId,
        BigDecimal unitPrice) {

    /** The most the task can cost: every image it asks for. */
    public BigDecimal worstCaseCost() {
        return unitPrice.multiply(BigDecimal.valueOf(payload.request().n()));
    }
}
