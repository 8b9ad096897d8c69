package io.imagequeue.api.webhooks;

import io.imagequeue.api.auth.Caller;
import io.imagequeue.api.errors.ApiException;
import io.imagequeue.api.http.TaskTags;
import io.imagequeue.api.tasks.TaskAddresses;
import io.imagequeue.api.tasks.TaskRepository;
import io.imagequeue.model.error.ErrorType;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A task's webhook deliveries: what was sent, how each attempt went, and sending the last one again. */
@Path("/v2/tasks/{taskAddress}/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
public class TaskWebhooksResource {

    private final TaskRepository tasks;
    private final DeliveryLog log;
    private final Caller caller;

    public TaskWebhooksResource(TaskRepository tasks, DeliveryLog log, Caller caller) {
        this.tasks = tasks;
        this.log = log;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The task's webhook deliveries",
            description = "One entry per event (in order): `webhook_id`, `state` (pending, delivered, failed), "
                    + "and every attempt with its time, status code or error, and duration.")
    public Uni<Map<String, Object>> list(@PathParam("taskAddress") String taskAddress) {
        String tenant = caller.tenantId();
        return ownTask(tenant, taskAddress).chain(() -> log.deliveries(tenant, taskAddress)).map(TaskWebhooksResource::list);
    }

    @POST
    @Path("/redeliver")
    @Operation(summary = "Send the task's last webhook event again",
            description = "Same `webhook_id` (receivers deduplicate on it), retried on the schedule like a first delivery.")
    public Uni<Map<String, Object>> redeliver(@PathParam("taskAddress") String taskAddress) {
        String tenant = caller.tenantId();
        return ownTask(tenant, taskAddress)
                .chain(() -> log.redeliverLast(tenant, taskAddress))
                .chain(queued -> {
                    if (!queued) {
                        throw new ApiException(ErrorType.CONFLICT, "no_webhook_delivery", null,
                                "The task has no webhook delivery to send again.");
                    }
                    return log.deliveries(tenant, taskAddress);
                })
                .map(TaskWebhooksResource::list);
    }

    /** Another tenant's task answers exactly like one that never existed. */
    private Uni<Void> ownTask(String tenant, String taskAddress) {
        ApiException notFound = ApiException.notFound("task_not_found",
                "No task found with address '" + taskAddress.replaceAll("[^A-Za-z0-9_-]", "?") + "'.");
        if (!TaskAddresses.isWellFormed(taskAddress)) {
            return Uni.createFrom().failure(notFound);
        }
        TaskTags.tag(taskAddress);
        return tasks.find(tenant, taskAddress).map(found -> found.orElseThrow(() -> notFound)).replaceWithVoid();
    }

    private static Map<String, Object> list(List<Map<String, Object>> deliveries) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", deliveries);
        return body;
    }
}
