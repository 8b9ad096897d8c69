package io.imagequeue.worker.providers.openai;

import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.providers.Endpoints;
import io.imagequeue.worker.providers.HttpFailures;
import io.imagequeue.worker.providers.JsonBodies;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.multipart.MultipartForm;
import org.jboss.logging.Logger;

/** OpenAI's Images endpoints; nothing of the wire leaves this package. */
final class OpenAiClient {

    static final String NAME = "OpenAI";
    private static final Logger LOG = Logger.getLogger(OpenAiClient.class);

    private final WebClient http;
    private final WorkerConfig.ProviderSettings settings;

    OpenAiClient(WebClient http, WorkerConfig.ProviderSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    Uni<JsonObject> generate(JsonObject body) {
        return authorized(http.postAbs(Endpoints.url(settings, Endpoints.ApiRoot.OPENAI, "/images/generations")))
                .sendJsonObject(body)
                .onFailure().transform(f -> HttpFailures.classify(NAME, f))
                .map(OpenAiClient::answer);
    }

    Uni<JsonObject> edit(OpenAiRequests.EditForm edit) {
        MultipartForm form = MultipartForm.create();
        edit.fields().forEach(form::attribute);
        for (OpenAiRequests.FilePart file : edit.files()) {
            form.binaryFileUpload(file.name(), file.fileName(), Buffer.buffer(file.bytes()), file.contentType());
        }
        return authorized(http.postAbs(Endpoints.url(settings, Endpoints.ApiRoot.OPENAI, "/images/edits")))
                .sendMultipartForm(form)
                .onFailure().transform(f -> HttpFailures.classify(NAME, f))
                .map(OpenAiClient::answer);
    }

    private static JsonObject answer(HttpResponse<Buffer> response) {
        if (response.statusCode() != 200) {
            // OpenAI support traces a call by its request id.
            LOG.debugf("OpenAI answered HTTP %d (x-request-id %s)", response.statusCode(), response.getHeader("x-request-id"));
            throw OpenAiErrors.classify(response.statusCode(), JsonBodies.error(response), HttpFailures.retryAfter(response));
        }
        return JsonBodies.success(NAME, response);
    }

    private HttpRequest<Buffer> authorized(HttpRequest<Buffer> request) {
        settings.apiKey().ifPresent(key -> request.bearerTokenAuthentication(key));
        return request.timeout(settings.requestTimeout().toMillis());
    }
}
