package io.imagequeue.api.watching;

import jakarta.enterprise.context.RequestScoped;

/** The task {@link WatchedTaskFilter} found for this request, for the stream that opens on it. */
@RequestScoped
public class WatchedTaskOfRequest {

    private WatchedTask task;

    public WatchedTask task() {
        if (task == null) {
            throw new IllegalStateException("no watched task on this request: is the endpoint @WatchedTaskRequired?");
        }
        return task;
    }

    void found(WatchedTask task) {
        this.task = task;
    }
}
