package io.imagequeue.api.tasks;

import io.imagequeue.model.task.TaskStatus;

/**
 * A task row as the API reads it; times are epoch seconds, null until they happen. queuePosition
 * is set only while queued, progress only while running and reported; createdAtText is the exact
 * creation time, for the list's cursor.
 */
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
        String requestHash,
        Long queuePosition,
        Double progress,
        String createdAtText) {

    /** A task just written, before anything read its position. */
    public TaskRecord(String id, String tenantId, String endpoint, String model, TaskStatus status, String requestJson,
                      String errorJson, int attempts, long createdAt, Long startedAt, Long completedAt,
                      String requestHash) {
        this(id, tenantId, endpoint, model, status, requestJson, errorJson, attempts, createdAt, startedAt, completedAt,
                requestHash, null, null, null);
    }

    /**
     * A name of this state of the task: it changes with every change a reader can see (attempt,
     * status, queue position, progress; the times move only with those).
     */
    public String stateTag() {
        return attempts + "." + status.wire() + "." + (queuePosition == null ? "" : queuePosition) + "."
                + (progress == null ? "" : Math.round(progress * 1000));
    }
}
