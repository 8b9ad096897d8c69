package io.imagequeue.api.auth;

import jakarta.enterprise.context.RequestScoped;
import java.util.Set;
import java.util.UUID;

/** The tenant and key on whose behalf the current request runs, set by {@link ApiKeyFilter}. */
@RequestScoped
public class Caller {

    private AuthenticatedKey key;

    public String tenantId() {
        return key().tenantId();
    }

    /** The key's row id: per-key limits are counted against it. */
    public UUID keyId() {
        return key().keyId();
    }

    /** Whether the key may use the model (by canonical catalog id). */
    public boolean mayUse(String canonicalModelId) {
        Set<String> allowed = key().allowedModels();
        return allowed == null || allowed.contains(canonicalModelId);
    }

    private AuthenticatedKey key() {
        if (key == null) {
            throw new IllegalStateException("no authenticated caller on this request");
        }
        return key;
    }

    /** Sets the caller; public for the batch driver, which submits a batch's lines on behalf of its key. */
    public void authenticate(AuthenticatedKey key) {
        this.key = key;
    }
}
