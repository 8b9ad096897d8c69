package io.imagequeue.worker.tasks;

/**
 * A task this worker holds the lease of, for one attempt.
 *
 * @param attempt the attempt number this claim started (1 for the first)
 */
public record ClaimedTask(String id, String tenantId, String model, String priority, int attempt, int maxAttempts,
                          String requestJson, long deadlineEpochMillis, long createdEpochMillis) {
}
