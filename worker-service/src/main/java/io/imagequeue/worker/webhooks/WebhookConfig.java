package io.imagequeue.worker.webhooks;

import io.imagequeue.model.webhook.RetrySchedule;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the workers deliver webhooks ({@code IMAGEQUEUE_WEBHOOKS_…}). */
@ConfigMapping(prefix = "imagequeue.webhooks")
public interface WebhookConfig {

    /** The key the tenants' signing secrets derive from, the same as the API's; without it nothing is sent. */
    Optional<String> signingKey();

    /** Development only: let deliveries reach private and loopback addresses. */
    @WithDefault("false")
    boolean allowPrivateDestinations();

    /** Comma-separated ISO-8601 durations: the wait before each retry; then the delivery is abandoned. */
    @WithDefault(RetrySchedule.DEFAULT)
    String retrySchedule();

    /** A receiver must answer 2xx within this. */
    @WithDefault("PT10S")
    Duration timeout();

    /** How often a worker looks for due deliveries (at least a second: the scheduler's granularity). */
    @WithDefault("PT1S")
    Duration pollInterval();

    /**
     * How long a claimed delivery is this worker's: if it dies mid-delivery, another worker sends it
     * once this ran out. Longer than the timeout and the rendering of the payload.
     */
    @WithDefault("PT1M")
    Duration lease();

    /** Deliveries a worker has in flight at once. */
    @WithDefault("32")
    int batchSize();

    /** How long the image links in payloads stay valid. */
    @WithDefault("PT1H")
    Duration linkTtl();
}
