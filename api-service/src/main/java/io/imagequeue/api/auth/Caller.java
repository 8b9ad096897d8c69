package io.imagequeue.api.auth;

import jakarta.enterprise.context.RequestScoped;

/** The tenant on whose behalf the current request runs, set by {@link ApiKeyFilter}. */
@RequestScoped
public class Caller {

    private String tenantId;

    public String tenantId() {
        if (tenantId == null) {
            throw new IllegalStateException("no authenticated caller on this request");
        }
        return tenantId;
    }

    void authenticate(String tenantId) {
        this.tenantId = tenantId;
    }
}
