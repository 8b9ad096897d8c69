package io.imagequeue.worker.providers;

import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/**
 * The non-blocking HTTP client all adapters share: one worker holds hundreds of slow provider calls
 * without a thread each.
 */
public class ProviderHttp {

    @Produces
    @ApplicationScoped
    WebClient providerClient(Vertx vertx) {
        return WebClient.create(vertx, new WebClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setMaxPoolSize(2048)
                .setKeepAlive(true)
                .setConnectTimeout(10_000)
                .setFollowRedirects(true)
                .setTryUseCompression(true)
                .setUserAgent("imagequeue-worker"));
    }

    void close(@Disposes WebClient client) {
        client.close();
    }
}
