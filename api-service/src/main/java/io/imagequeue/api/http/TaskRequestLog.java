package io.imagequeue.api.http;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * One log line for each answered request about a task (a submission, a cancel, a read), with the
 * task address and request id in the MDC, so an operator can go from a client's {@code x-request-id}
 * to the task and from there to the worker's lines. Submissions and cancels log at INFO; reads, which
 * clients poll, at DEBUG.
 */
public class TaskRequestLog {

    private static final Logger LOG = Logger.getLogger(TaskRequestLog.class);

    /** Response filters run in descending priority: this one before {@link RequestIds} clears the MDC. */
    @ServerResponseFilter(priority = Priorities.USER + 100)
    public void log(ContainerRequestContext request, ContainerResponseContext response) {
        String task = TaskTags.current();
        if (task == null) {
            return;
        }
        String method = request.getMethod();
        Logger.Level level = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)
                ? Logger.Level.DEBUG : Logger.Level.INFO;
        LOG.logf(level, "task %s: %s %s answered %d", task, method, request.getUriInfo().getPath(), response.getStatus());
    }
}
