package io.imagequeue.api.watching;

import io.imagequeue.api.tasks.TaskRecord;

/** A task as its event stream sees it: the row and its queue lane. */
public record WatchedTask(TaskRecord task, String lane) {

    /**
     * The event id of this state: it changes with every change the stream reports (attempt, status,
     * position, progress), so a client's {@code Last-Event-ID} says which state it saw last.
     */
    public String eventId() {
        return task.stateTag();
    }
}
