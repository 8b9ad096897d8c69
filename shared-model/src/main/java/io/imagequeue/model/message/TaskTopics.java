package io.imagequeue.model.message;

import io.imagequeue.model.catalog.ModelSpec;
import io.imagequeue.model.task.TaskPriority;

/**
 * Which Kafka topic carries a task's job: one per model and priority lane, so a batch backlog
 * never sits in front of interactive work of the same model, and lag per model and lane is visible.
 */
public final class TaskTopics {

    /** Every task topic matches this pattern; the dead-letter topic does not. */
    public static final String PATTERN = "imagequeue\\.tasks\\..+";
    public static final String DEAD_LETTER = "imagequeue.dead-letter.task-jobs";
    private static final String BATCH_SUFFIX = ".batch";

    private TaskTopics() {
    }

    public static String of(ModelSpec model, TaskPriority priority) {
        return priority == TaskPriority.BATCH ? model.topic() + BATCH_SUFFIX : model.topic();
    }
}
