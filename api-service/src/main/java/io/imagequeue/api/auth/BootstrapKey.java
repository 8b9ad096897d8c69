package io.imagequeue.api.auth;

import io.imagequeue.api.config.ApiConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Seeds the configured local tenant, key and starting credits at start-up, so a local stack is usable at once. */
@ApplicationScoped
public class BootstrapKey {

    private static final Logger LOG = Logger.getLogger(BootstrapKey.class);

    void seed(@Observes StartupEvent start, ApiConfig config, ApiKeyRepository keys) throws Throwable {
        if (config.bootstrap().apiKey().isEmpty()) {
            return;
        }
        String key = config.bootstrap().apiKey().get();
        if (!ApiKeys.isPlausible(key)) {
            throw new IllegalArgumentException("imagequeue.bootstrap.api-key must be 20 to 200 printable characters");
        }
        VertxContextSupport.subscribeAndAwait(() -> keys.ensureTenantWithKey(
                config.bootstrap().tenant(), key, "bootstrap", config.bootstrap().credits()));
        // Eight characters of the prefix identify the key in logs without revealing it.
        LOG.infof("bootstrap key %s… ready for tenant '%s'", ApiKeys.prefix(key).substring(0, 8), config.bootstrap().tenant());
    }
}
