package io.imagequeue.api.watching;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.imagequeue.api.tasks.TaskViews;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/** Opens the event stream of a tenant's task (another tenant's is a 404 before it: {@link WatchedTaskFilter}). */
@ApplicationScoped
public class TaskEvents {

    private final TaskWatchRepository tasks;
    private final TaskChangeFeed feed;
    private final TaskViews views;
    private final ObjectMapper json;
    private final Vertx vertx;

    public TaskEvents(TaskWatchRepository tasks, TaskChangeFeed feed, TaskViews views, ObjectMapper json, Vertx vertx) {
        this.tasks = tasks;
        this.feed = feed;
        this.views = views;
        this.json = json;
        this.vertx = vertx;
    }

    /** The events of {@code first}, a task of the tenant's that {@link WatchedTaskFilter} read already. */
    public Multi<OutboundSseEvent> stream(String tenantId, WatchedTask first, String lastEventId, Sse sse) {
        return new TaskEventStream(tenantId, first.task().id(), tasks, feed, views, json, sse, vertx, lastEventId)
                .events(first);
    }
}
