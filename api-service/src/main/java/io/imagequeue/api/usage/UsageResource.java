package io.imagequeue.api.usage;

import io.imagequeue.api.auth.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /v2/usage}: the caller's tenant's balance, the credits its unfinished tasks hold, and
 * what it spent per model and UTC day over the last 31 days. Only ever the caller's own tenant.
 */
@Path("/v2/usage")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private final UsageRepository usage;
    private final Caller caller;

    public UsageResource(UsageRepository usage, Caller caller) {
        this.usage = usage;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Credits: balance, reserved, and spend by model and day")
    public Uni<Map<String, Object>> usage() {
        return usage.usage(caller.tenantId());
    }
}
