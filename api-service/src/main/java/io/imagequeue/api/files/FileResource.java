package io.imagequeue.api.files;

import io.imagequeue.api.auth.Caller;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.http.RequestContexts;
import io.imagequeue.objectstore.ObjectStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * OpenAI's Files API, for batch input files ({@code purpose=batch}) and the output and error files
 * batches write ({@code batch_output}). A tenant sees only its own files; another's is a 404.
 */
@Path("/v1/files")
@Tag(name = "OpenAI-compatible")
public class FileResource {

    static final String FILE_EXAMPLE = """
            {"id": "file-5mQ0c8pX2vLr7Hq1Zt9WbA", "object": "file", "bytes": 1204, "created_at": 1716151540,
             "expires_at": null, "filename": "requests.jsonl", "purpose": "batch", "status": "processed",
             "status_details": null}""";
    private static final String PREFIX = "file-";
    private static final int CHUNK = 64 * 1024;
    private static final int MAX_LIST = 10_000;

    private final FileRepository files;
    private final FileUploads uploads;
    private final ObjectStore store;
    private final Caller caller;

    public FileResource(FileRepository files, FileUploads uploads, ObjectStore store, Caller caller) {
        this.files = files;
        this.uploads = uploads;
        this.store = store;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload a batch input file", description = """
            multipart/form-data: `file` (a JSONL file, one request per line, up to 200 MB and 50,000 lines)
            and `purpose` (`batch`). The file is streamed to the object store.""")
    @APIResponse(responseCode = "200", description = "The File object",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "file", value = FILE_EXAMPLE)))
    public Uni<Map<String, Object>> upload(MultipartFormDataInput form) {
        String tenant = caller.tenantId();
        Upload upload = Upload.of(form.getValues());
        String id = OpenAiIds.next(PREFIX);
        String key = StoredFile.objectKey(tenant, id);
        Executor requestContext = RequestContexts.current();
        return Uni.createFrom().item(() -> store(upload, key))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(requestContext)
                .flatMap(stored -> files.insert(id, tenant, StoredFile.PURPOSE_BATCH, upload.filename(),
                                stored.bytes(), stored.lines(), key)
                        .onFailure().call(() -> Uni.createFrom().item(() -> {
                                    uploads.deleteQuietly(key);
                                    return null;
                                })
                                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())))
                .map(FileViews::file);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List files", description = "Newest first (`order=asc` for oldest first); `limit` 1 to 10,000; `after` a file id.")
    public Uni<Map<String, Object>> list(@QueryParam("purpose") String purpose, @QueryParam("after") String after,
                                         @QueryParam("limit") @DefaultValue("10000") int limit,
                                         @QueryParam("order") @DefaultValue("desc") String order) {
        if (limit < 1 || limit > MAX_LIST) {
            throw ApiException.invalid("limit", "invalid_value", "'limit' must be between 1 and " + MAX_LIST + ".");
        }
        if (!order.equals("asc") && !order.equals("desc")) {
            throw ApiException.invalid("order", "invalid_value", "'order' must be 'asc' or 'desc'.");
        }
        return files.list(caller.tenantId(), purpose, after, order.equals("asc"), limit)
                .map(rows -> FileViews.list(rows, limit));
    }

    @GET
    @Path("/{fileId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Retrieve a file")
    @APIResponse(responseCode = "200", description = "The File object",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "file", value = FILE_EXAMPLE)))
    public Uni<Map<String, Object>> get(@PathParam("fileId") String fileId) {
        return find(fileId).map(FileViews::file);
    }

    @GET
    @Path("/{fileId}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Download a file's content", description = "Streamed from the object store.")
    public RestMulti<byte[]> content(@PathParam("fileId") String fileId) {
        return RestMulti.fromUniResponse(find(fileId), this::stream,
                file -> Map.of("Content-Type", List.of("application/octet-stream")));
    }

    @DELETE
    @Path("/{fileId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Delete a file")
    public Uni<Map<String, Object>> delete(@PathParam("fileId") String fileId) {
        if (!OpenAiIds.isWellFormed(PREFIX, fileId)) {
            throw notFound(fileId);
        }
        return files.delete(caller.tenantId(), fileId)
                .flatMap(found -> {
                    StoredFile file = found.orElseThrow(() -> notFound(fileId));
                    return Uni.createFrom().item(() -> {
                                uploads.deleteQuietly(file.objectKey());
                                return FileViews.deleted(fileId);
                            })
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
                });
    }

    private Uni<StoredFile> find(String fileId) {
        if (!OpenAiIds.isWellFormed(PREFIX, fileId)) {
            return Uni.createFrom().failure(notFound(fileId));
        }
        return files.find(caller.tenantId(), fileId).map(found -> found.orElseThrow(() -> notFound(fileId)));
    }

    /** The object's bytes in chunks, read on a worker thread as the client takes them. */
    private Multi<byte[]> stream(StoredFile file) {
        return Multi.createFrom().resource(() -> store.open(file.objectKey()),
                        in -> Multi.createBy().repeating().supplier(() -> chunk(in)).until(chunk -> chunk.length == 0))
                .withFinalizer(FileResource::close)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static byte[] chunk(InputStream in) {
        try {
            byte[] chunk = in.readNBytes(CHUNK);
            return chunk;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the object was read; a failed close leaks nothing the client waits for
        }
    }

    private FileUploads.Stored store(Upload upload, String key) {
        try (InputStream in = upload.part().getFileItem().getInputStream()) {
            return uploads.store(key, in, upload.part().getFileItem().getFileSize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file", e);
        }
    }

    /** Another tenant's file answers exactly like one that never existed. */
    static ApiException notFound(String fileId) {
        String safe = fileId == null ? "" : fileId.replaceAll("[^A-Za-z0-9_-]", "?");
        return ApiException.notFound("file_not_found",
                "No such File object: " + (safe.length() > 40 ? safe.substring(0, 40) + "…" : safe));
    }

    /** The upload form: exactly one {@code file} part and {@code purpose=batch}. */
    private record Upload(FormValue part, String filename) {

        static Upload of(Map<String, Collection<FormValue>> values) {
            for (String name : values.keySet()) {
                if (!Arrays.asList("file", "purpose").contains(name)) {
                    throw ApiException.invalid(name, "unknown_parameter", "Unrecognized request argument supplied: " + name);
                }
            }
            Collection<FormValue> purposes = values.getOrDefault("purpose", List.of());
            if (purposes.isEmpty()) {
                throw ApiException.invalid("purpose", "missing_required_parameter", "Missing required parameter: 'purpose'.");
            }
            FormValue purpose = purposes.iterator().next();
            if (purposes.size() > 1 || purpose.isFileItem() || !StoredFile.PURPOSE_BATCH.equals(purpose.getValue())) {
                throw ApiException.invalid("purpose", "invalid_value",
                        "'purpose' must be 'batch': this service takes files as batch input only.");
            }
            Collection<FormValue> parts = values.getOrDefault("file", List.of());
            if (parts.isEmpty()) {
                throw ApiException.invalid("file", "missing_required_parameter", "Missing required parameter: 'file'.");
            }
            FormValue part = parts.iterator().next();
            if (parts.size() > 1 || !part.isFileItem()) {
                throw ApiException.invalid("file", "invalid_type", "'file' must be one file upload (a part with a filename).");
            }
            String filename = part.getFileName() == null || part.getFileName().isBlank() ? "file.jsonl" : part.getFileName();
            return new Upload(part, filename);
        }
    }
}
