package io.imagequeue.api.batches;

import java.util.UUID;

/**
 * A batch as its driver holds it under a lease: what the next step needs to know.
 *
 * @param expandedLines input lines up to this one are tasks or line errors
 * @param expanded      every line is
 * @param expired       its {@code expires_at} has passed
 * @param inputKey      the input file's object key
 */
public record DrivenBatch(String id, String tenantId, UUID keyId, String endpoint, String status,
                          int expandedLines, boolean expanded, boolean expired, String inputKey) {
}
