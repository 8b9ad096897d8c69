package io.imagequeue.api.webhooks;

import io.imagequeue.api.auth.Caller;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.model.error.ErrorType;
import io.imagequeue.model.webhook.SigningSecrets;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The calling tenant's webhook signing secret: read it, rotate it. */
@Path("/v2/webhooks/secret")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks", description = "Signed pushes of task events (Standard Webhooks)")
public class WebhookSecretResource {

    private final SigningSecretStore store;
    private final Caller caller;
    private final SigningSecrets secrets;

    public WebhookSecretResource(SigningSecretStore store, Caller caller, WebhookSettings settings) {
        this.store = store;
        this.caller = caller;
        this.secrets = settings.signingKey().map(SigningSecrets::new).orElse(null);
    }

    @GET
    @Operation(summary = "The tenant's webhook signing secret",
            description = "`whsec_…`, as every Standard Webhooks library takes it; created on first use. "
                    + "During a rotation `previous_secret_valid_until` says until when the old one still signs.")
    public Uni<Map<String, Object>> get() {
        SigningSecrets configured = configured();
        String tenant = caller.tenantId();
        return store.current(tenant).map(generations -> body(configured, tenant, generations));
    }

    @POST
    @Path("/rotate")
    @Operation(summary = "Rotate the webhook signing secret",
            description = "Makes a new secret; the old one keeps signing beside it (space-separated signatures) for 24 h.")
    public Uni<Map<String, Object>> rotate() {
        SigningSecrets configured = configured();
        String tenant = caller.tenantId();
        return store.rotate(tenant).map(generations -> body(configured, tenant, generations));
    }

    private SigningSecrets configured() {
        if (secrets == null) {
            throw new ApiException(ErrorType.UNAVAILABLE, "webhooks_not_configured", null,
                    "Webhooks are not configured on this server (no signing key).");
        }
        return secrets;
    }

    private static Map<String, Object> body(SigningSecrets secrets, String tenant, SigningSecretStore.Generations generations) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "webhook.secret");
        body.put("secret", secrets.secret(tenant, generations.current()));
        body.put("previous_secret_valid_until", generations.previousValidUntil());
        return body;
    }
}
