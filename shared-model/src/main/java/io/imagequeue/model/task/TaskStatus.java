package io.imagequeue.model.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The state of a generation task, with the contract's wire values and the one rule for which state
 * may follow which.
 *
 * <pre>{@code
 *                lease expiry, retry, snooze
 *             +-----------------------------+
 *             v                             |
 * submit --> queued ------- claim -------> running ------> succeeded ------> expired
 *             |                             |                        retention
 *             | cancel, fail                | cancel, fail
 *             v                             v
 *          canceled | failed             canceled | failed
 * }</pre>
 *
 * <p><b>queued</b>: accepted and waiting for a worker. A task waits here while its model is at its
 * upstream rate or concurrency limit, and returns here when a running attempt's lease expires or a
 * retryable failure is scheduled for another try. It can be claimed (running), canceled by its
 * owner, or failed without running (e.g. it could not be dispatched, or its retry budget was spent
 * while it waited).
 *
 * <p><b>running</b>: a worker holds a lease on it and is calling the provider. The attempt ends as
 * succeeded, failed (a permanent provider error, or retries exhausted) or canceled; or it goes back
 * to queued when the lease lapses (the worker died) or the outcome is retry or snooze.
 *
 * <p><b>succeeded</b>: every image is stored and the result body is final; credits are charged for
 * this state only. It changes only to expired, when retention deletes the images.
 *
 * <p><b>failed</b>: terminal, with an error code and message; never charged.
 *
 * <p><b>canceled</b>: terminal, at the owner's request before it finished; never charged. Cancelling
 * a finished task is a 409 because no transition leaves a terminal state.
 *
 * <p><b>expired</b>: terminal; the task succeeded but its images were deleted at the end of
 * retention, so it has no result any more.
 */
public enum TaskStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELED,
    EXPIRED;

    /** The contract's lower-case value ({@code queued}, {@code running}, ...). */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a contract value.
     *
     * @throws IllegalArgumentException when it is not one of the six
     */
    @JsonCreator
    public static TaskStatus fromWire(String wire) {
        for (TaskStatus status : values()) {
            if (status.wire().equals(wire)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown task status '" + wire
                + "'; known: queued, running, succeeded, failed, canceled, expired");
    }

    /**
     * Whether no further work will happen: succeeded, failed, canceled or expired. Succeeded still
     * moves to expired, but only by retention, never by a worker.
     */
    public boolean isTerminal() {
        return this != QUEUED && this != RUNNING;
    }

    /** Whether a task in this state may move to {@code next}; a state never moves to itself. */
    public boolean canTransitionTo(TaskStatus next) {
        if (next == null) {
            return false;
        }
        return switch (this) {
            case QUEUED -> next == RUNNING || next == CANCELED || next == FAILED;
            case RUNNING -> next == QUEUED || next == SUCCEEDED || next == FAILED || next == CANCELED;
            case SUCCEEDED -> next == EXPIRED;
            case FAILED, CANCELED, EXPIRED -> false;
        };
    }
}
