package io.imagequeue.api.tasks;

import io.imagequeue.model.task.TaskStatus;

/** A task row as the API reads it; times are epoch seconds, null until they happen. */
public record TaskRecord(
        String id,
        String tenantId,
        String endpoint,
        String model,
        TaskStatus status,
        String requestJson,
        String errorJson,
        int attempts,
        long createdAt,
        Long startedAt,
        Long completedAt,
        String requestHash) {
}
