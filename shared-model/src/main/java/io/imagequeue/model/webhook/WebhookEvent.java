package io.imagequeue.model.webhook;

import java.util.List;
import java.util.Optional;

/** The task events a webhook can ask for; the wire name is also the delivery row's event. */
public enum WebhookEvent {
    STARTED("started"), SUCCEEDED("succeeded"), FAILED("failed"), CANCELED("canceled");

    /** What a webhook without {@code webhook_events} hears: the end of the task, however it ends. */
    public static final List<WebhookEvent> DEFAULT = List.of(SUCCEEDED, FAILED, CANCELED);

    private final String wire;

    WebhookEvent(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The payload's {@code type}, e.g. {@code task.succeeded}. */
    public String type() {
        return "task." + wire;
    }

    public static Optional<WebhookEvent> fromWire(String wire) {
        for (WebhookEvent event : values()) {
            if (event.wire.equals(wire)) {
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }
}
