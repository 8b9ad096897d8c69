package io.imagequeue.api.batches;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.imagequeue.api.auth.AuthenticatedKey;
import io.imagequeue.api.auth.Caller;
import io.imagequeue.api.errors.ErrorMappers;
import io.imagequeue.api.images.ImageEditResource;
import io.imagequeue.api.images.ImageGenerationResource;
import io.imagequeue.api.tasks.Endpoints;
import io.imagequeue.model.error.InvalidRequestException;
import io.imagequeue.model.error.ModelNotFoundException;
import io.imagequeue.model.task.TaskPriority;
import io.imagequeue.objectstore.ObjectStoreException;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Submits a batch line exactly as its synchronous endpoint would take it from the batch's key: the
 * same resource method, so the same validation, permissions, input-image rules, pricing, credit
 * reservation and admission, and on refusal the same status and error body. The line goes in as
 * an async task of priority {@code batch}, with the idempotency key {@code <batch id>/<custom_id>}:
 * submitting it again (a driver resumed after a crash) answers the task it already made.
 */
@ApplicationScoped
public class BatchLineSubmitter {

    private final ImageGenerationResource generations;
    private final ImageEditResource edits;
    private final ObjectMapper json;
    private final ErrorMappers errors = new ErrorMappers();

    public BatchLineSubmitter(ImageGenerationResource generations, ImageEditResource edits, ObjectMapper json) {
        this.generations = generations;
        this.edits = edits;
        this.json = json;
    }

    static String idempotencyKey(String batchId, String customId) {
        return batchId + "/" + customId;
    }

    public Uni<LineOutcome> submit(String batchId, String endpoint, AuthenticatedKey key, BatchLine line) {
        ObjectNode body = line.body().deepCopy();
        body.put("async", true);
        body.put("priority", TaskPriority.BATCH.wire());
        byte[] raw;
        try {
            raw = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed line cannot be written back", e);
        }
        LineHeaders headers = new LineHeaders(idempotencyKey(batchId, line.customId()));
        Uni<Response> submitted;
        // The resources read the caller only while they validate, before the returned Uni runs.
        ManagedContext requestContext = Arc.container().requestContext();
        boolean activated = !requestContext.isActive();
        if (activated) {
            requestContext.activate();
        }
        try {
            Arc.container().instance(Caller.class).get().authenticate(key);
            submitted = Endpoints.OPENAI_EDITS.equals(endpoint)
                    ? edits.editJson(raw, headers) : generations.generate(raw, headers);
        } catch (RuntimeException e) {
            submitted = Uni.createFrom().failure(e);
        } finally {
            if (activated) {
                requestContext.terminate();
            }
        }
        return submitted.map(this::outcome).onFailure().recoverWithItem(e -> outcome(errorResponse(e)));
    }

    private LineOutcome outcome(Response response) {
        int status = response.getStatus();
        if (status == 202) {
            Map<?, ?> accepted = (Map<?, ?>) response.getEntity();
            return new LineOutcome.Queued((String) accepted.get("task_address"));
        }
        if (status == 429 || status == 503) {
            return new LineOutcome.Deferred(String.valueOf(response.getEntity()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) response.getEntity();
        return new LineOutcome.Refused(status, body);
    }

    private Response errorResponse(Throwable e) {
        return switch (e) {
            case io.imagequeue.api.errors.ApiException api -> errors.apiException(api);
            case InvalidRequestException invalid -> errors.invalidRequest(invalid);
            case ModelNotFoundException unknown -> errors.modelNotFound(unknown);
            case ObjectStoreException store -> errors.storageDown(store);
            default -> errors.unexpected(e);
        };
    }
}
