package io.imagequeue.worker.providers.stability;

import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.providers.Endpoints;
import io.imagequeue.worker.providers.HttpFailures;
import io.imagequeue.worker.providers.JsonBodies;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Stability's v1 generation endpoint; nothing of the wire leaves this package. */
final class StabilityClient {

    static final String NAME = "Stability";

    private final WebClient http;
    private final WorkerConfig.ProviderSettings settings;

    StabilityClient(WebClient http, WorkerConfig.ProviderSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    /** {@code POST /v1/generation/{engine}/text-to-image} asking for JSON, so several samples come back in one answer. */
    Uni<JsonObject> textToImage(String engine, JsonObject body) {
        String path = "/generation/" + URLEncoder.encode(engine, StandardCharsets.UTF_8) + "/text-to-image";
        var request = http.postAbs(Endpoints.url(settings, Endpoints.ApiRoot.STABILITY, path))
                .timeout(settings.requestTimeout().toMillis())
                .putHeader("Accept", "application/json");
        settings.apiKey().ifPresent(request::bearerTokenAuthentication);
        return request.sendJsonObject(body)
                .onFailure().transform(f -> HttpFailures.classify(NAME, f))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw StabilityErrors.classify(response.statusCode(), JsonBodies.error(response),
                                HttpFailures.retryAfter(response));
                    }
                    return JsonBodies.success(NAME, response);
                });
    }
}
