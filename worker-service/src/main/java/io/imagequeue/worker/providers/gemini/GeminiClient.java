package io.imagequeue.worker.providers.gemini;

import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.providers.Endpoints;
import io.imagequeue.worker.providers.HttpFailures;
import io.imagequeue.worker.providers.JsonBodies;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Gemini's {@code generateContent}; nothing of the wire leaves this package. */
final class GeminiClient {

    static final String NAME = "Gemini";

    private final WebClient http;
    private final WorkerConfig.ProviderSettings settings;

    GeminiClient(WebClient http, WorkerConfig.ProviderSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    Uni<JsonObject> generateContent(String model, JsonObject body) {
        String path = "/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + ":generateContent";
        var request = http.postAbs(Endpoints.url(settings, Endpoints.ApiRoot.GEMINI, path)).timeout(settings.requestTimeout().toMillis());
        // The header, never ?key=: URLs end up in logs and traces.
        settings.apiKey().ifPresent(key -> request.putHeader("x-goog-api-key", key));
        return request.sendJsonObject(body)
                .onFailure().transform(f -> HttpFailures.classify(NAME, f))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw GeminiErrors.classify(response.statusCode(), JsonBodies.error(response),
                                HttpFailures.retryAfter(response));
                    }
                    return JsonBodies.success(NAME, response);
                });
    }
}
