package io.imagequeue.api.auth;

import java.util.Set;
import java.util.UUID;

/**
 * A key that passed authentication, as a request needs it.
 *
 * @param allowedModels canonical model ids the key may use; null when it may use every model
 */
public record AuthenticatedKey(UUID keyId, String tenantId, Set<String> allowedModels) {
}
