package io.imagequeue.worker.providers.automatic1111;

import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.providers.Endpoints;
import io.imagequeue.worker.providers.HttpFailures;
import io.imagequeue.worker.providers.JsonBodies;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.ext.web.client.WebClient;

/** The WebUI's txt2img endpoint, one call at a time; nothing of the wire leaves this package. */
final class Automatic1111Client {

    static final String NAME = "AUTOMATIC1111";

    private final WebClient http;
    private final WorkerConfig.ProviderSettings settings;
    private final OneAtATime server = new OneAtATime();

    Automatic1111Client(WebClient http, WorkerConfig.ProviderSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    Uni<JsonObject> txt2img(JsonObject body) {
        return server.run(() -> {
            var request = http.postAbs(Endpoints.url(settings, Endpoints.ApiRoot.AUTOMATIC1111, "/txt2img"))
                    .timeout(settings.requestTimeout().toMillis());
            // No auth unless the server runs with --api-auth user:pass; the key then holds "user:pass".
            settings.apiKey().filter(key -> key.contains(":")).ifPresent(key -> {
                int colon = key.indexOf(':');
                request.basicAuthentication(key.substring(0, colon), key.substring(colon + 1));
            });
            return request.sendJsonObject(body)
                    .onFailure().transform(f -> HttpFailures.classify(NAME, f))
                    .map(response -> {
                        if (response.statusCode() != 200) {
                            throw Automatic1111Errors.classify(response.statusCode(), JsonBodies.error(response),
                                    HttpFailures.retryAfter(response));
                        }
                        return JsonBodies.success(NAME, response);
                    });
        });
    }
}
