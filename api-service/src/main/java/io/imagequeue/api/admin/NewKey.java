package io.imagequeue.api.admin;

import java.time.Instant;
import java.util.List;

/**
 * A key to create for a tenant, as the admin asked for it.
 *
 * @param expiresAt         null for a key that never expires
 * @param allowedModels     canonical model ids; null allows every model
 * @param requestsPerMinute null for the configured default
 * @param maxInFlight       null for the configured default
 */
record NewKey(String label, Instant expiresAt, List<String> allowedModels, Integer requestsPerMinute,
              Integer maxInFlight) {
}
