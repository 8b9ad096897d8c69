package io.imagequeue.api.batches;

/**
 * A batch's row. Times are Unix seconds, null until the batch reached that state; {@code errors}
 * and {@code metadata} are JSON text.
 */
public record BatchRecord(String id, String endpoint, String inputFileId, String completionWindow, String status,
                          String metadata, String errors, String outputFileId, String errorFileId,
                          int total, int completed, int failed,
                          long createdAt, Long inProgressAt, long expiresAt, Long finalizingAt, Long completedAt,
                          Long failedAt, Long expiredAt, Long cancellingAt, Long cancelledAt) {
}
