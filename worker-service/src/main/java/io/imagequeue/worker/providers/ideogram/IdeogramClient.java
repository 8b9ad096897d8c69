package io.imagequeue.worker.providers.ideogram;

import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.providers.Endpoints;
import io.imagequeue.worker.providers.HttpFailures;
import io.imagequeue.worker.providers.JsonBodies;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.client.WebClient;

/** Ideogram's legacy generate endpoint; nothing of the wire leaves this package. */
final class IdeogramClient {

    static final String NAME = "Ideogram";

    private final WebClient http;
    private final WorkerConfig.ProviderSettings settings;

    IdeogramClient(WebClient http, WorkerConfig.ProviderSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    Uni<JsonObject> generate(JsonObject body) {
        var request = http.postAbs(Endpoints.url(settings, Endpoints.ApiRoot.IDEOGRAM, "/generate")).timeout(settings.requestTimeout().toMillis());
        // Ideogram's own header, not Bearer.
        settings.apiKey().ifPresent(key -> request.putHeader("Api-Key", key));
        return request.sendJsonObject(body)
                .onFailure().transform(f -> HttpFailures.classify(NAME, f))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw IdeogramErrors.classify(response.statusCode(), JsonBodies.error(response),
                                HttpFailures.retryAfter(response));
                    }
                    return JsonBodies.success(NAME, response);
                });
    }
}
