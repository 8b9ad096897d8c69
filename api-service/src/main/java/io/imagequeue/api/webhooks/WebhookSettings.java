package io.imagequeue.api.webhooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The API's side of webhooks: who may be pushed to, and the key the signing secrets derive from. */
@ConfigMapping(prefix = "imagequeue.webhooks")
public interface WebhookSettings {

    /**
     * The key every tenant's signing secret is derived from (at least 32 characters), the same on
     * the API and the workers ({@code IMAGEQUEUE_WEBHOOKS_SIGNING_KEY}). Without it, webhooks are
     * refused with a 503 and no secret can be read.
     */
    Optional<String> signingKey();

    /** Development only: let webhooks reach private and loopback addresses (receivers on 127.0.0.1). */
    @WithDefault("false")
    boolean allowPrivateDestinations();
}
