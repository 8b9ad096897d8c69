package io.imagequeue.model.message;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.imagequeue.model.task.TaskPriority;

/**
 * The Kafka command "run this task", sent to the model's topic; it carries only references, never
 * image bytes or the prompt, because the task row is the source of truth.
 *
 * @param schemaVersion the message format version; {@link #CURRENT_SCHEMA} when produced by this code
 * @param taskId the task address ({@code tsk_...}), also the Kafka record key
 * @param model the model's canonical catalog id
 * @param priority a {@link TaskPriority#wire()} value
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TaskJob(int schemaVersion, String taskId, String model, String priority) {

    /** The version this code writes and the only one it reads. */
    public static final int CURRENT_SCHEMA = 1;

    /** A job in the current schema. */
    public static TaskJob of(String taskId, String model, TaskPriority priority) {
        return new TaskJob(CURRENT_SCHEMA, taskId, model, priority.wire());
    }

    /** The priority as an enum. */
    public TaskPriority taskPriority() {
        return TaskPriority.fromWire(priority);
    }
}
