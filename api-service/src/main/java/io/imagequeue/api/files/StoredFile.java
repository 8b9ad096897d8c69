package io.imagequeue.api.files;

/** A file's row: its bytes are in the object store under {@code objectKey}. */
public record StoredFile(String id, String tenantId, String purpose, String filename, long bytes, int lineCount,
                         String objectKey, long createdAt) {

    public static final String PURPOSE_BATCH = "batch";
    public static final String PURPOSE_BATCH_OUTPUT = "batch_output";

    /** Where a tenant's file lives in the store: under the tenant, so a tenant's data is one prefix. */
    public static String objectKey(String tenantId, String fileId) {
        return "files/" + tenantId + "/" + fileId + ".jsonl";
    }
}
