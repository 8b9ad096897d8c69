package io.imagequeue.api.watching;

import io.imagequeue.api.auth.Caller;
import io.imagequeue.api.errors.ErrorResponses;
import io.imagequeue.api.tasks.TaskAddresses;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Reads the watched task before the endpoint runs. A stream's status line goes out as soon as the
 * endpoint returns its {@code Multi}, so the 404 for another tenant's (or no) task has to be
 * decided here, after authentication and before the stream.
 */
public class WatchedTaskFilter {

    private final TaskWatchRepository tasks;
    private final Caller caller;
    private final WatchedTaskOfRequest watched;

    public WatchedTaskFilter(TaskWatchRepository tasks, Caller caller, WatchedTaskOfRequest watched) {
        this.tasks = tasks;
        this.caller = caller;
        this.watched = watched;
    }

    @ServerRequestFilter(priority = Priorities.USER + 100) // after ApiKeyFilter (USER)
    @WatchedTaskRequired
    public Uni<Response> findTheCallersTask(ContainerRequestContext request) {
        String address = request.getUriInfo().getPathParameters().getFirst("taskAddress");
        if (address == null || !TaskAddresses.isWellFormed(address)) {
            return Uni.createFrom().item(ErrorResponses.of(TaskAddresses.notFound(String.valueOf(address))));
        }
        return tasks.find(caller.tenantId(), address).map(found -> {
            if (found.isEmpty()) {
                return ErrorResponses.of(TaskAddresses.notFound(address));
            }
            watched.found(found.get());
            return null;
        });
    }
}
