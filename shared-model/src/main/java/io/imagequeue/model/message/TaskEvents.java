package io.imagequeue.model.message;

/** The PostgreSQL notification channel workers signal finished tasks on and the API listens to. */
public final class TaskEvents {

    /** {@code NOTIFY} payload: the task address. Sent inside the transaction that ends the task. */
    public static final String DONE_CHANNEL = "imagequeue_task_done";

    private TaskEvents() {
    }
}
