package io.imagequeue.model.message;

/** The PostgreSQL notification channel workers signal finished tasks on and the API listens to. */
public final class TaskEvents {

    /** {@code NOTIFY} payload: the task address. Sent inside the transaction that ends the task. */
    public static final String DONE_CHANNEL = "imagequeue_task_done";

    /**
     * {@code NOTIFY} payload: a task address when its status or progress changed, or
     * {@code lane:<model>:<lane>} when a task left that queue. Sent by the tasks table's trigger
     * (V8), so every code path that moves a task sends it; the event streams listen to it.
     */
    public static final String CHANGED_CHANNEL = "imagequeue_task_changed";

    private TaskEvents() {
    }
}
