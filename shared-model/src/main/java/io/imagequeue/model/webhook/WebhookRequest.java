package io.imagequeue.model.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A task's webhook as its request stored it ({@code request->'webhook'}): where to push, and which
 * events (wire names). The database trigger that writes deliveries reads these two fields.
 */
public record WebhookRequest(@JsonProperty("url") String url, @JsonProperty("events") List<String> events) {

    public WebhookRequest {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
