package io.imagequeue.model.message;

/**
 * A Kafka message that cannot be decoded; it will never decode, so it belongs on the dead-letter
 * topic with {@link #reason()} in its headers rather than being retried.
 */
public class MalformedMessageException extends RuntimeException {

    private final String reason;

    public MalformedMessageException(String reason) {
        this(reason, null);
    }

    public MalformedMessageException(String reason, Throwable cause) {
        super("Malformed task message: " + reason, cause);
        this.reason = reason;
    }

    /** What is wrong, short enough for a header, e.g. {@code missing field 'task_id'}. */
    public String reason() {
        return reason;
    }
}
