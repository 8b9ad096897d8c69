package io.imagequeue.worker.webhooks;

import java.util.List;

/**
 * A delivery this worker holds the lease of.
 *
 * @param attempts the attempts made so far in this round (a redelivery starts a new round)
 * @param generations the tenant's valid secret generations, newest first
 */
public record ClaimedDelivery(long id, String taskId, String tenantId, String event, String webhookId, String url,
                              int attempts, long occurredAt, List<Integer> generations) {
}
