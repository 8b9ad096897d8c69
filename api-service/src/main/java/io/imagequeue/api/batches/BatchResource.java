package io.imagequeue.api.batches;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.api.auth.Caller;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.files.FileRepository;
import io.imagequeue.api.files.OpenAiIds;
import io.imagequeue.api.files.StoredFile;
import io.imagequeue.model.error.ErrorType;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OpenAI's Batch API for {@code /v1/images/generations} and {@code /v1/images/edits}. A tenant sees
 * only its own batches; another's is a 404.
 */
@Path("/v1/batches")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "OpenAI-compatible")
public class BatchResource {

    static final String PREFIX = "batch_";
    private static final int MAX_LIST = 100;
    private static final Set<String> TERMINAL = Set.of("failed", "completed", "expired", "cancelled");
    private static final String BATCH_EXAMPLE = """
            {"id": "batch_5mQ0c8pX2vLr7Hq1Zt9WbA", "object": "batch", "endpoint": "/v1/images/generations",
             "model": null, "errors": null, "input_file_id": "file-5mQ0c8pX2vLr7Hq1Zt9WbA", "completion_window": "24h",
             "status": "validating", "output_file_id": null, "error_file_id": null, "created_at": 1716151540,
             "in_progress_at": null, "expires_at": 1716237940, "finalizing_at": null, "completed_at": null,
             "failed_at": null, "expired_at": null, "cancelling_at": null, "cancelled_at": null,
             "request_counts": {"total": 0, "completed": 0, "failed": 0}, "metadata": {"job": "catalog-2024"}}""";

    private final BatchRepository batches;
    private final FileRepository files;
    private final BatchViews views;
    private final Caller caller;
    private final ObjectMapper json;

    public BatchResource(BatchRepository batches, FileRepository files, BatchViews views, Caller caller, ObjectMapper json) {
        this.batches = batches;
        this.files = files;
        this.views = views;
        this.caller = caller;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a batch", description = """
            `input_file_id` (a file uploaded with `purpose=batch`), `endpoint` (`/v1/images/generations` or
            `/v1/images/edits`), `completion_window` (`24h`), `metadata` (up to 16 string pairs). The batch
            starts `validating`; it expires 24 hours after it was created.""")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "batch", value = """
                    {"input_file_id": "file-5mQ0c8pX2vLr7Hq1Zt9WbA", "endpoint": "/v1/images/generations",
                     "completion_window": "24h", "metadata": {"job": "catalog-2024"}}""")))
    @APIResponse(responseCode = "200", description = "The Batch object",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "batch", value = BATCH_EXAMPLE)))
    public Uni<Map<String, Object>> create(byte[] rawBody) {
        BatchRequest request = BatchRequest.parse(json, rawBody);
        String tenant = caller.tenantId();
        var keyId = caller.keyId();
        Uni<StoredFile> input = OpenAiIds.isWellFormed("file-", request.inputFileId())
                ? files.find(tenant, request.inputFileId()).map(found -> found.orElseThrow(() -> unknownFile(request)))
                : Uni.createFrom().failure(unknownFile(request));
        return input
                .map(file -> {
                    if (!StoredFile.PURPOSE_BATCH.equals(file.purpose())) {
                        throw ApiException.invalid("input_file_id", "invalid_value",
                                "The file '" + file.id() + "' has purpose '" + file.purpose() + "', not 'batch'.");
                    }
                    return file;
                })
                .flatMap(file -> batches.insert(OpenAiIds.next(PREFIX), tenant, keyId, request.endpoint(), file.id(),
                        request.completionWindow(), request.metadataJson()))
                .map(views::batch);
    }

    @GET
    @Operation(summary = "List batches", description = "Newest first; `limit` 1 to 100 (default 20); `after` a batch id.")
    public Uni<Map<String, Object>> list(@QueryParam("after") String after,
                                         @QueryParam("limit") @DefaultValue("20") int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw ApiException.invalid("limit", "invalid_value", "'limit' must be between 1 and " + MAX_LIST + ".");
        }
        return batches.list(caller.tenantId(), after, limit).map(rows -> views.list(rows, limit));
    }

    @GET
    @Path("/{batchId}")
    @Operation(summary = "Retrieve a batch")
    @APIResponse(responseCode = "200", description = "The Batch object",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "batch", value = BATCH_EXAMPLE)))
    public Uni<Map<String, Object>> get(@PathParam("batchId") String batchId) {
        if (!OpenAiIds.isWellFormed(PREFIX, batchId)) {
            throw notFound(batchId);
        }
        return batches.find(caller.tenantId(), batchId)
                .map(found -> views.batch(found.orElseThrow(() -> notFound(batchId))));
    }

    /**
     * {@code cancelling} at once (a batch still {@code validating} has queued nothing and is
     * {@code cancelled} at once). Cancelling a batch that is cancelling or cancelled answers it again;
     * one that already completed, failed or expired is a 409.
     */
    @POST
    @Path("/{batchId}/cancel")
    @Operation(summary = "Cancel a batch")
    public Uni<Map<String, Object>> cancel(@PathParam("batchId") String batchId) {
        if (!OpenAiIds.isWellFormed(PREFIX, batchId)) {
            throw notFound(batchId);
        }
        return batches.cancel(caller.tenantId(), batchId)
                .map(found -> {
                    BatchRecord batch = found.orElseThrow(() -> notFound(batchId));
                    if (TERMINAL.contains(batch.status()) && !batch.status().equals("cancelled")) {
                        throw new ApiException(ErrorType.CONFLICT, "batch_already_finished", null,
                                "The batch already finished as '" + batch.status() + "' and cannot be cancelled.");
                    }
                    return views.batch(batch);
                });
    }

    private static ApiException unknownFile(BatchRequest request) {
        return ApiException.invalid("input_file_id", "invalid_value",
                "No batch input file found with id '" + request.inputFileId().replaceAll("[^A-Za-z0-9_-]", "?") + "'.");
    }

    /** Another tenant's batch answers exactly like one that never existed. */
    private static ApiException notFound(String batchId) {
        String safe = batchId.replaceAll("[^A-Za-z0-9_-]", "?");
        return ApiException.notFound("batch_not_found",
                "No batch found with id '" + (safe.length() > 40 ? safe.substring(0, 40) + "…" : safe) + "'.");
    }
}
