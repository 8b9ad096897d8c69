package io.imagequeue.model.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How urgently a task should run: a caller waiting on a synchronous call, or background work that
 * may yield to it.
 */
public enum TaskPriority {
    /** A synchronous call is waiting on it. */
    INTERACTIVE,
    /** Submitted with {@code "async": true}; nobody holds a connection open for it. */
    BATCH;

    /** The lower-case value used in messages and the database ({@code interactive}, {@code batch}). */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire value.
     *
     * @throws IllegalArgumentException when it is neither {@code interactive} nor {@code batch}
     */
    @JsonCreator
    public static TaskPriority fromWire(String wire) {
        for (TaskPriority priority : values()) {
            if (priority.wire().equals(wire)) {
                return priority;
            }
        }
        throw new IllegalArgumentException("Unknown task priority '" + wire + "'; known: interactive, batch");
    }
}
