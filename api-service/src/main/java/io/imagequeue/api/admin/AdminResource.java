package io.imagequeue.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.api.auth.ApiKeys;
import io.imagequeue.api.auth.VerifiedKeys;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.http.JsonBody;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.error.ErrorType;
import io.imagequeue.model.error.ModelNotFoundException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The operators' API ({@link AdminTokenFilter} guards it): tenants, their keys and their credits.
 * A new key is answered once, in full; afterwards only its prefix is ever shown.
 */
@Path("/admin/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin", description = "Tenants, API keys and credits; needs the admin token")
public class AdminResource {

    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final BigDecimal MAX_TOP_UP = new BigDecimal("1000000000");
    private static final int MAX_LABEL = 200;
    /** The schema's bound (migration V10): one tenant at most 1,000 times another's share. */
    private static final int MAX_WEIGHT = 1000;

    private final AdminRepository admin;
    private final VerifiedKeys verified;
    private final ModelCatalog catalog;
    private final ObjectMapper json;

    public AdminResource(AdminRepository admin, VerifiedKeys verified, ModelCatalog catalog, ObjectMapper json) {
        this.admin = admin;
        this.verified = verified;
        this.catalog = catalog;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a tenant: {\"id\": \"acme\", \"name\": \"Acme\", \"weight\": 1}")
    public Uni<Response> createTenant(byte[] rawBody) {
        JsonBody body = JsonBody.parse(json, rawBody).rejectUnknown(Set.of("id", "name", "weight"));
        String id = body.string("id");
        if (id == null || !TENANT_ID.matcher(id).matches()) {
            throw ApiException.invalid("id", "invalid_tenant_id",
                    "A tenant id is 1 to 63 lowercase letters, digits, '-' or '_', starting with a letter or digit.");
        }
        String name = body.string("name") == null ? id : text(body.string("name"), "name");
        int weight = body.has("weight") ? weight(body.integer("weight")) : 1;
        return admin.createTenant(id, name, weight).map(created -> {
            if (!created) {
                throw new ApiException(ErrorType.CONFLICT, "tenant_exists", "id", "A tenant '" + id + "' exists already.");
            }
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", id);
            view.put("name", name);
            view.put("balance", BigDecimal.ZERO);
            view.put("weight", weight);
            return Response.status(Response.Status.CREATED).entity(view).build();
        });
    }

    @PATCH
    @Path("/{tenant}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a tenant's fair-share weight: {\"weight\": 3} (its share of every model among the tenants "
            + "with queued work, from the next task the workers pick)")
    public Uni<Map<String, Object>> updateTenant(@PathParam("tenant") String tenant, byte[] rawBody) {
        JsonBody body = JsonBody.parse(json, rawBody).rejectUnknown(Set.of("weight"));
        if (!body.has("weight")) {
            throw ApiException.invalid("weight", "missing_required_parameter", "weight is required.");
        }
        int weight = weight(body.integer("weight"));
        return admin.setWeight(tenant, weight).map(found -> found.orElseThrow(AdminResource::tenantNotFound));
    }

    @POST
    @Path("/{tenant}/keys")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an API key; the answer is the only time the key is shown")
    public Uni<Response> createKey(@PathParam("tenant") String tenant, byte[] rawBody) {
        JsonBody body = JsonBody.parse(json, rawBody)
                .rejectUnknown(Set.of("label", "expires_at", "allowed_models", "requests_per_minute", "max_in_flight"));
        NewKey spec = new NewKey(body.string("label") == null ? null : text(body.string("label"), "label"),
                expiry(body.longInteger("expires_at")), allowedModels(body.node("allowed_models")),
                positive(body.integer("requests_per_minute"), "requests_per_minute"),
                positive(body.integer("max_in_flight"), "max_in_flight"));
        String key = ApiKeys.generate();
        return existingTenant(tenant)
                .chain(() -> admin.createKey(tenant, key, spec))
                .map(view -> {
                    Map<String, Object> answer = new LinkedHashMap<>(view);
                    answer.put("key", key);
                    return Response.status(Response.Status.CREATED).entity(answer).build();
                });
    }

    @GET
    @Path("/{tenant}/keys")
    @Operation(summary = "List a tenant's keys: prefix, label, dates, limits; never the key or its hash")
    public Uni<Map<String, Object>> keys(@PathParam("tenant") String tenant) {
        return existingTenant(tenant).chain(() -> admin.keys(tenant))
                .map(keys -> Map.of("object", "list", "data", keys));
    }

    @POST
    @Path("/{tenant}/keys/{keyId}/revoke")
    @Operation(summary = "Revoke a key: it answers 403 from then on")
    public Uni<Map<String, Object>> revoke(@PathParam("tenant") String tenant, @PathParam("keyId") String keyId) {
        UUID id = keyId(keyId);
        return admin.revoke(tenant, id).map(found -> {
            // This replica stops trusting the key at once; the others within imagequeue.auth.cache-ttl.
            verified.forget(id);
            return found.orElseThrow(() -> ApiException.notFound("key_not_found", "The tenant has no key with this id."));
        });
    }

    @POST
    @Path("/{tenant}/credits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Top up a tenant's credits: {\"amount\": 25.00, \"note\": \"invoice 42\"}")
    public Uni<Map<String, Object>> topUp(@PathParam("tenant") String tenant, byte[] rawBody) {
        JsonBody body = JsonBody.parse(json, rawBody).rejectUnknown(Set.of("amount", "note"));
        JsonNode amountNode = body.node("amount");
        if (amountNode == null || !amountNode.isNumber()) {
            throw ApiException.invalid("amount", "invalid_amount", "amount must be a number of credits.");
        }
        BigDecimal amount = amountNode.decimalValue();
        if (amount.signum() <= 0 || amount.compareTo(MAX_TOP_UP) > 0 || amount.stripTrailingZeros().scale() > 4) {
            throw ApiException.invalid("amount", "invalid_amount",
                    "amount must be more than 0 and at most " + MAX_TOP_UP.toPlainString() + ", with at most 4 decimals.");
        }
        String note = body.string("note") == null ? null : text(body.string("note"), "note");
        return admin.topUp(tenant, amount, note).map(found -> found.orElseThrow(AdminResource::tenantNotFound));
    }

    @GET
    @Path("/{tenant}/credits")
    @Operation(summary = "A tenant's balance, reserved credits and newest ledger rows")
    public Uni<Map<String, Object>> credits(@PathParam("tenant") String tenant) {
        return admin.credits(tenant).map(found -> found.orElseThrow(AdminResource::tenantNotFound));
    }

    private Uni<Void> existingTenant(String tenant) {
        return admin.tenantExists(tenant).map(exists -> {
            if (!exists) {
                throw tenantNotFound();
            }
            return null;
        });
    }

    private List<String> allowedModels(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            throw ApiException.invalid("allowed_models", "invalid_type", "allowed_models must be an array of model ids.");
        }
        List<String> canonical = new ArrayList<>();
        for (JsonNode model : node) {
            if (!model.isTextual()) {
                throw ApiException.invalid("allowed_models", "invalid_type", "allowed_models must be an array of model ids.");
            }
            try {
                // Aliases name the same model: the key stores the canonical id that tasks carry.
                String id = catalog.resolve(model.textValue()).id();
                if (!canonical.contains(id)) {
                    canonical.add(id);
                }
            } catch (ModelNotFoundException e) {
                throw ApiException.invalid("allowed_models", "model_not_found",
                        "Unknown model in allowed_models: '" + abbreviate(model.textValue()) + "'.");
            }
        }
        return canonical;
    }

    private static Instant expiry(Long epochSeconds) {
        if (epochSeconds == null) {
            return null;
        }
        Instant at = Instant.ofEpochSecond(Math.max(0, Math.min(epochSeconds, 32_503_680_000L)));
        if (!at.isAfter(Instant.now())) {
            throw ApiException.invalid("expires_at", "invalid_value", "expires_at must be in the future (Unix seconds).");
        }
        return at;
    }

    private static int weight(Integer value) {
        if (value == null || value < 1 || value > MAX_WEIGHT) {
            throw ApiException.invalid("weight", "invalid_value",
                    "weight must be an integer from 1 to " + MAX_WEIGHT + ".");
        }
        return value;
    }

    private static Integer positive(Integer value, String param) {
        if (value != null && value <= 0) {
            throw ApiException.invalid(param, "invalid_value", param + " must be a positive integer.");
        }
        return value;
    }

    private static String text(String value, String param) {
        if (value.length() > MAX_LABEL) {
            throw ApiException.invalid(param, "string_above_max_length", param + " must be at most " + MAX_LABEL + " characters.");
        }
        return value;
    }

    private static UUID keyId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("key_not_found", "The tenant has no key with this id.");
        }
    }

    private static ApiException tenantNotFound() {
        return ApiException.notFound("tenant_not_found", "No such tenant.");
    }

    private static String abbreviate(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}
