package io.imagequeue.worker.providers.automatic1111;

import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.providers.Endpoints;
import io.imagequeue.worker.providers.HttpFailures;
import io.imagequeue.worker.providers.JsonBodies;
import io.imagequeue.worker.providers.ProgressReport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Duration;

/** The WebUI's txt2img endpoint, one call at a time; nothing of the wire leaves this package. */
final class Automatic1111Client {

    static final String NAME = "AUTOMATIC1111";
    /** A progress poll is small and quick; one that hangs must not hold up the next for the generation's timeout. */
    private static final Duration PROGRESS_POLL_TIMEOUT = Duration.ofSeconds(5);

    private final WebClient http;
    private final WorkerConfig.ProviderSettings settings;
    private final OneAtATime server = new OneAtATime();
    private final ProgressPolling progressPolling;

    Automatic1111Client(WebClient http, WorkerConfig.ProviderSettings settings) {
        this.http = http;
        this.settings = settings;
        this.progressPolling = new ProgressPolling(this::progressRequest, settings.pollInterval());
    }

    /**
     * Runs one txt2img job. When someone watches its {@code progress}, the body carries
     * {@code force_task_id} = {@code jobId} and the server's progress is polled while the request is
     * in flight (from when this call's turn at the server came, so never for the calls before it).
     */
    Uni<JsonObject> txt2img(JsonObject body, String jobId, ProgressReport progress) {
        boolean watched = progress != ProgressReport.NONE;
        JsonObject sent = watched ? body.copy().put("force_task_id", jobId) : body;
        return server.run(() -> {
            Cancellable polling = watched ? progressPolling.watch(jobId, progress) : null;
            Uni<JsonObject> call = authorized(http.postAbs(Endpoints.url(settings, Endpoints.ApiRoot.AUTOMATIC1111, "/txt2img")))
                    .timeout(settings.requestTimeout().toMillis())
                    .sendJsonObject(sent)
                    .onFailure().transform(f -> HttpFailures.classify(NAME, f))
                    .map(response -> {
                        if (response.statusCode() != 200) {
                            throw Automatic1111Errors.classify(response.statusCode(), JsonBodies.error(response),
                                    HttpFailures.retryAfter(response));
                        }
                        return JsonBodies.success(NAME, response);
                    });
            return polling == null ? call : call.onTermination().invoke(polling::cancel);
        });
    }

    private HttpRequest<Buffer> progressRequest() {
        return authorized(http.getAbs(Endpoints.url(settings, Endpoints.ApiRoot.AUTOMATIC1111, "/progress")))
                .addQueryParam("skip_current_image", "true")
                .timeout(Math.min(settings.requestTimeout().toMillis(), PROGRESS_POLL_TIMEOUT.toMillis()));
    }

    /** No auth unless the server runs with --api-auth user:pass; the key then holds "user:pass". */
    private HttpRequest<Buffer> authorized(HttpRequest<Buffer> request) {
        settings.apiKey().filter(key -> key.contains(":")).ifPresent(key -> {
            int colon = key.indexOf(':');
            request.basicAuthentication(key.substring(0, colon), key.substring(colon + 1));
        });
        return request;
    }
}
