package io.imagequeue.api.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagequeue.api.auth.Caller;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.http.JsonBody;
import io.imagequeue.api.http.RequestContexts;
import io.imagequeue.api.http.TaskTags;
import io.imagequeue.api.inputs.ImageSource;
import io.imagequeue.api.inputs.InputImageStore;
import io.imagequeue.api.inputs.InputImages;
import io.imagequeue.api.inputs.PreparedInputs;
import io.imagequeue.api.webhooks.WebhookFields;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.catalog.ModelSpec;
import io.imagequeue.model.request.GenerationParams;
import io.imagequeue.model.request.NormalizedRequest;
import io.imagequeue.model.request.RequestValidator;
import io.imagequeue.model.message.TaskTopics;
import io.imagequeue.model.task.TaskPayload;
import io.imagequeue.model.task.TaskPriority;
import io.imagequeue.model.webhook.WebhookRequest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import io.imagequeue.model.error.ErrorType;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * What every generation endpoint does after reading its own fields: validate against the catalog,
 * read the idempotency key, priority and webhook, store any input images, and hand the task to
 * {@link TaskSubmissions}.
 *
 * <p>Input images are checked and stored only after the request itself validated, and before the
 * task exists, so the queue never carries a task whose inputs are missing. If no task ends up using
 * them (the submission failed, or an idempotent replay returned an earlier task), they are deleted.
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

    private final InputImages inputs;
    private final InputImageStore inputStore;
    private final WebhookFields webhooks;

    public GenerationIntake(ModelCatalog catalog, RequestValidator validator, TaskSubmissions submissions,
                            Caller caller, ObjectMapper json, InputImages inputs, InputImageStore inputStore,
                            WebhookFields webhooks) {
        this.webhooks = webhooks;
        this.catalog = catalog;
        this.validator = validator;
        this.submissions = submissions;
        this.caller = caller;
        this.canonicalJson = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        this.inputs = inputs;
        this.inputStore = inputStore;
    }

    /** A text-to-image request. */
    public Uni<Response> submit(String endpoint, JsonBody body, String model, GenerationParams params,
                                String responseFormat, HttpHeaders headers) {
        return submit(endpoint, body, model, params, responseFormat, List.of(), null, headers);
    }

    /**
     * A request with input images (edits, reference images); {@code params}' input-image count and
     * mask flag are taken from {@code images} and {@code mask}.
     *
     * @param body the request as the idempotency hash should see it (for multipart: the fields plus
     *     digests of the uploaded files)
     * @param mask null when the request has none
     */
    public Uni<Response> submit(String endpoint, JsonBody body, String model, GenerationParams params,
                                String responseFormat, List<ImageSource> images, ImageSource mask,
                                HttpHeaders headers) {
        GenerationParams withInputs = params.toBuilder().inputImageCount(images.size()).hasMask(mask != null).build();
        NormalizedRequest request = validator.validate(model, withInputs);
        ModelSpec spec = catalog.resolve(request.model());
        if (!caller.mayUse(spec.id())) {
            throw new ApiException(ErrorType.PERMISSION, "model_not_allowed", "model",
                    "This API key is not allowed to use the model '" + spec.id() + "'.");
        }
        TaskPriority priority = priority(body, headers);
        WebhookRequest webhook = webhooks.read(body);
        Draft draft = new Draft(TaskAddresses.next(), caller.tenantId(), endpoint, spec, TaskTopics.of(spec, priority), request,
                responseFormat, body.bool("async", false), priority, idempotencyKey(headers),
                requestHash(endpoint, body.root()), caller.keyId(), webhook);
        draft.unitPrice(PreparedInputs.NONE); // a model without a price fails here, before any input is stored
        TaskTags.tag(draft.taskId());
        if (images.isEmpty() && mask == null && webhook == null) {
            return submissions.submit(draft.submission(PreparedInputs.NONE));
        }
        Executor requestContext = RequestContexts.current();
        // Inputs are stored under the task's own folder before the task exists: no bytes in the queue.
        // The webhook's host is resolved first, on the same worker thread (name resolution blocks).
        return Uni.createFrom().item(() -> {
                    if (webhook != null) {
                        webhooks.checkDestination(webhook);
                    }
                    return images.isEmpty() && mask == null
                            ? PreparedInputs.NONE : inputs.prepare(draft.tenantId(), draft.taskId(), images, mask);
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                // Hibernate Reactive must continue on the request's Vert.x context.
                .emitOn(requestContext)
                .flatMap(prepared -> submissions.submit(draft.submission(prepared))
                        .onFailure().invoke(() -> discard(prepared))
                        .invoke(response -> {
                            if ("true".equals(response.getHeaderString(TaskSubmissions.REPLAYED_HEADER))) {
                                discard(prepared);
                            }
                        }));
    }

    /** Everything of a submission but its input keys, which exist only once the inputs are stored. */
    private record Draft(String taskId, String tenantId, String endpoint, ModelSpec spec, String topic, NormalizedRequest request,
                         String responseFormat, boolean async, TaskPriority priority, String idempotencyKey,
                         String requestHash, UUID keyId, WebhookRequest webhook) {

        Submission submission(PreparedInputs prepared) {
            return new Submission(taskId, tenantId, endpoint, spec.id(), topic,
                    new TaskPayload(request, responseFormat, prepared.imageKeys(), prepared.maskKey(), webhook),
                    async, priority, idempotencyKey, requestHash, keyId, unitPrice(prepared));
        }

        /** One image's price: known once the inputs are, for models that charge input megapixels. */
        BigDecimal unitPrice(PreparedInputs prepared) {
            return spec.pricePerImage(request, prepared.imageSizes())
                    .orElseThrow(() -> new IllegalStateException("the catalog has no price for " + spec.id()));
        }
    }

    private void discard(PreparedInputs prepared) {
        Infrastructure.getDefaultWorkerPool().execute(() -> inputStore.deleteQuietly(prepared.allKeys()));
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
