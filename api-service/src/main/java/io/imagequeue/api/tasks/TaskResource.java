package io.imagequeue.api.tasks;

import io.imagequeue.api.auth.Caller;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.http.TaskTags;
import io.smallrye.mutiny.Uni;
import io.imagequeue.model.error.ErrorType;
import io.imagequeue.model.task.TaskStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code GET /v2/tasks/{task_address}}: a task's state, and its result once it succeeded. */
@Path("/v2/tasks")
@Produces(MediaType.APPLICATION_JSON)
public class TaskResource {

    private final TaskRepository tasks;
    private final TaskViews views;
    private final Caller caller;

    public TaskResource(TaskRepository tasks, TaskViews views, Caller caller) {
        this.tasks = tasks;
        this.views = views;
        this.caller = caller;
    }

    @GET
    @Path("/{taskAddress}")
    public Uni<Map<String, Object>> get(@PathParam("taskAddress") String taskAddress) {
        if (!TaskAddresses.isWellFormed(taskAddress)) {
            throw notFound(taskAddress);
        }
        TaskTags.tag(taskAddress);
        return tasks.find(caller.tenantId(), taskAddress)
                .flatMap(found -> views.document(found.orElseThrow(() -> notFound(taskAddress))));
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
        return ApiException.notFound("task_not_found", "No task found with address '" + abbreviate(taskAddress) + "'.");
    }

    private static String abbreviate(String value) {
        String safe = value.replaceAll("[^A-Za-z0-9_-]", "?");
        return safe.length() > 40 ? safe.substring(0, 40) + "…" : safe;
    }
}
