package io.imagequeue.api.tasks;

import io.imagequeue.api.auth.Caller;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.http.TaskTags;
import io.imagequeue.api.watching.TaskEvents;
import io.imagequeue.api.watching.TaskList;
import io.imagequeue.api.watching.TaskListQuery;
import io.imagequeue.api.watching.WatchedTaskOfRequest;
import io.imagequeue.api.watching.WatchedTaskRequired;
import io.imagequeue.model.catalog.ModelCatalog;
import io.imagequeue.model.error.ErrorType;
import io.imagequeue.model.task.TaskPayload;
import io.imagequeue.model.task.TaskStatus;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code GET /v2/tasks/{task_address}}: a task's state, and its result once it succeeded. */
@Path("/v2/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {

    private final TaskRepository tasks;
    private final TaskViews views;
    private final Caller caller;
    private final TaskList list;
    private final ModelCatalog catalog;
    private final TaskEvents events;
    private final WatchedTaskOfRequest watched;
    private final TaskResults results;

    public TaskResource(TaskRepository tasks, TaskViews views, Caller caller, TaskList list, ModelCatalog catalog,
                        TaskEvents events, WatchedTaskOfRequest watched, TaskResults results) {
        this.results = results;
        this.events = events;
        this.watched = watched;
        this.tasks = tasks;
        this.views = views;
        this.caller = caller;
        this.list = list;
        this.catalog = catalog;
    }

    /** {@code GET /v2/tasks}: the caller's tenant's tasks, newest first, a page at a time. */
    @GET
    @Operation(summary = "The caller's tasks, newest first",
            description = "Answers {\"object\": \"list\", \"data\": [task…], \"has_more\", \"next_cursor\"}. "
                    + "Items are task objects without result (fetch a task for its images); queued ones carry "
                    + "queue_position, running ones progress where the provider reports it. Pass next_cursor as "
                    + "after for the next page; tasks submitted meanwhile never shift later pages.")
    public Uni<Map<String, Object>> list(
            @Parameter(description = "Only these statuses: one or more of queued, running, succeeded, failed, "
                    + "canceled, expired (comma-separated or repeated)") @QueryParam("status") List<String> status,
            @Parameter(description = "Only this model (an id or alias of GET /v1/models)") @QueryParam("model") String model,
            @Parameter(description = "Created at or after (Unix seconds or RFC 3339)")
            @QueryParam("created_after") String createdAfter,
            @Parameter(description = "Created before (Unix seconds or RFC 3339)")
            @QueryParam("created_before") String createdBefore,
            @Parameter(description = "Tasks per page, 1 to 100 (default 20)") @QueryParam("limit") String limit,
            @Parameter(description = "The next_cursor of the previous page") @QueryParam("after") String after) {
        TaskListQuery query = TaskListQuery.of(catalog, status, model, createdAfter, createdBefore, limit, after);
        return list.page(caller.tenantId(), query);
    }

    @GET
    @Path("/{taskAddress}")
    @Operation(summary = "A task's state, and its result once it succeeded",
            description = "Carries a weak ETag naming the task's state (except a result of presigned links, "
                    + "which every read makes anew): send it back as If-None-Match to get a 304 while nothing "
                    + "changed. Cache-Control is `private, no-cache` while queued or running, `private, "
                    + "max-age=3600` once finished, `private, no-store` for a result of links.")
    public Uni<Response> get(@PathParam("taskAddress") String taskAddress,
                             @HeaderParam("If-None-Match") String ifNoneMatch) {
        if (!TaskAddresses.isWellFormed(taskAddress)) {
            throw notFound(taskAddress);
        }
        TaskTags.tag(taskAddress);
        return tasks.find(caller.tenantId(), taskAddress).flatMap(found -> {
            TaskRecord task = found.orElseThrow(() -> notFound(taskAddress));
            // The stored request is read once for the links question, the document and its result.
            TaskPayload payload = views.payloadOf(task);
            boolean links = task.status() == TaskStatus.SUCCEEDED
                    && results.linksIn(task, payload != null ? payload : results.payload(task));
            String etag = TaskCaching.etagOf(task, links);
            String cacheControl = TaskCaching.cacheControlOf(task, links);
            if (TaskCaching.matches(ifNoneMatch, etag)) {
                return Uni.createFrom().item(cached(Response.notModified(), etag, cacheControl));
            }
            return views.document(task, payload).map(body -> cached(Response.ok(body), etag, cacheControl));
        });
    }

    private static Response cached(Response.ResponseBuilder response, String etag, String cacheControl) {
        if (etag != null) {
            response.header(HttpHeaders.ETAG, etag);
        }
        return response.header(HttpHeaders.CACHE_CONTROL, cacheControl).header(HttpHeaders.VARY, TaskCaching.VARY).build();
    }

    /** {@code GET /v2/tasks/{task_address}/events}: the task's changes as Server-Sent Events. */
    @GET
    @Path("/{taskAddress}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @WatchedTaskRequired
    @Operation(summary = "A task's changes as Server-Sent Events",
            description = "A `status` event at once with the task object (no result), then one each time its "
                    + "status, queue_position or progress changes (position and progress at most once a second), "
                    + "the last one at a terminal state, then the stream ends. A `: keep-alive` comment every 15 s. "
                    + "Event ids name the state: resuming with Last-Event-ID does not repeat it, and a finished "
                    + "task already seen ends at once. Another tenant's task is a 404.")
    public Multi<OutboundSseEvent> events(@PathParam("taskAddress") String taskAddress,
                                          @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        TaskTags.tag(taskAddress);
        return events.stream(caller.tenantId(), watched.task(), lastEventId, sse);
    }

    /**
     * {@code POST /v2/tasks/{task_address}/cancel}: a queued task is never sent upstream; a running
     * one's result is discarded and not charged. Canceling twice answers the canceled task again; a
     * task that already succeeded, failed or expired is a 409.
     */
    @POST
    @Path("/{taskAddress}/cancel")
    public Uni<Map<String, Object>> cancel(@PathParam("taskAddress") String taskAddress) {
        if (!TaskAddresses.isWellFormed(taskAddress)) {
            throw notFound(taskAddress);
        }
        TaskTags.tag(taskAddress);
        String tenant = caller.tenantId();
        return tasks.cancel(tenant, taskAddress)
                .chain(() -> tasks.find(tenant, taskAddress))
                .flatMap(found -> {
                    TaskRecord task = found.orElseThrow(() -> notFound(taskAddress));
                    if (task.status() != TaskStatus.CANCELED) {
                        throw new ApiException(ErrorType.CONFLICT, "task_already_finished", null,
                                "The task already finished as '" + task.status().wire() + "' and cannot be canceled.");
                    }
                    return views.document(task);
                });
    }

    /** Another tenant's task answers exactly like one that never existed. */
    private static ApiException notFound(String taskAddress) {
        return TaskAddresses.notFound(taskAddress);
    }
}
