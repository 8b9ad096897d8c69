package io.imagequeue.api.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagequeue.api.auth.Caller;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.http.JsonBody;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.catalog.ModelSpec;
import io.imagequeue.model.request.GenerationParams;
import io.imagequeue.model.request.NormalizedRequest;
import io.imagequeue.model.request.RequestValidator;
import io.imagequeue.model.task.TaskPayload;
import io.imagequeue.model.task.TaskPriority;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * What every generation endpoint does after reading its own fields: validate against the catalog,
 * read the idempotency key and priority, and hand the task to {@link TaskSubmissions}.
 */
@ApplicationScoped
public class GenerationIntake {

    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    public static final String PRIORITY_HEADER = "x-imagequeue-priority";
    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private final ModelCatalog catalog;
    private final RequestValidator validator;
    private final TaskSubmissions submissions;
    private final Caller caller;
    private final ObjectMapper canonicalJson;

    public GenerationIntake(ModelCatalog catalog, RequestValidator validator, TaskSubmissions submissions,
                            Caller caller, ObjectMapper json) {
        this.catalog = catalog;
        this.validator = validator;
        this.submissions = submissions;
        this.caller = caller;
        this.canonicalJson = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }

    public Uni<Response> submit(String endpoint, JsonBody body, String model, GenerationParams params,
                                String responseFormat, HttpHeaders headers) {
        NormalizedRequest request = validator.validate(model, params);
        ModelSpec spec = catalog.resolve(request.model());
        Submission submission = new Submission(
                caller.tenantId(),
                endpoint,
                spec.id(),
                spec.topic(),
                TaskPayload.of(request, responseFormat),
                body.bool("async", false),
                priority(body, headers),
                idempotencyKey(headers),
                requestHash(endpoint, body.root()));
        return submissions.submit(submission);
    }

    private static TaskPriority priority(JsonBody body, HttpHeaders headers) {
        String given = body.string("priority");
        String param = "priority";
        if (given == null) {
            given = headers.getHeaderString(PRIORITY_HEADER);
            param = PRIORITY_HEADER;
        }
        if (given == null) {
            return TaskPriority.INTERACTIVE;
        }
        for (TaskPriority priority : TaskPriority.values()) {
            if (priority.wire().equals(given)) {
                return priority;
            }
        }
        throw ApiException.invalid(param, "invalid_value",
                "Invalid priority '" + given + "'. Allowed values: interactive, batch");
    }

    private static String idempotencyKey(HttpHeaders headers) {
        String key = headers.getHeaderString(IDEMPOTENCY_HEADER);
        if (key == null) {
            return null;
        }
        if (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            throw ApiException.invalid(IDEMPOTENCY_HEADER, "invalid_idempotency_key",
                    "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters.");
        }
        return key;
    }

    /** The body's meaning without {@code async}: replaying a key in the other mode is not a conflict. */
    private String requestHash(String endpoint, ObjectNode body) {
        ObjectNode copy = body.deepCopy();
        copy.remove("async");
        try {
            byte[] canonical = canonicalJson.writeValueAsBytes(canonicalJson.convertValue(copy, Map.class));
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(endpoint.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash request body", e);
        }
    }
}
