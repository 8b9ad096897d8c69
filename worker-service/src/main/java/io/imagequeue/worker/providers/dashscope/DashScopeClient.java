package io.imagequeue.worker.providers.dashscope;

import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.providers.Endpoints;
import io.imagequeue.worker.providers.FailureCodes;
import io.imagequeue.worker.providers.HttpFailures;
import io.imagequeue.worker.providers.JsonBodies;
import io.imagequeue.worker.providers.ProviderFailure;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.util.List;
import java.util.function.Supplier;

/** DashScope's task and multimodal endpoints; nothing of the wire leaves this package. */
final class DashScopeClient {

    static final String NAME = "DashScope";
    private static final String TEXT_TO_IMAGE = "/api/v1/services/aigc/text2image/image-synthesis";
    private static final String MULTIMODAL = "/api/v1/services/aigc/multimodal-generation/generation";
    /**
     * Polls that fail in a row (429, 5xx, connection) before the task is given up. A submitted task
     * is running and billed: one bad poll must not throw it away and submit it again.
     */
    private static final int POLL_ERROR_TOLERANCE = 5;

    private final WebClient http;
    private final WorkerConfig.ProviderSettings settings;

    DashScopeClient(WebClient http, WorkerConfig.ProviderSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    /** Starts an async task and returns its id. */
    Uni<String> submit(JsonObject body) {
        return authorized(http.postAbs(Endpoints.url(settings, TEXT_TO_IMAGE)))
                .putHeader("X-DashScope-Async", "enable")
                .sendJsonObject(body)
                .onFailure().transform(f -> HttpFailures.classify(NAME, f))
                .map(response -> DashScopeResponses.taskId(success(response)));
    }

    /** Polls the task until it succeeds (its result images) or fails, or the task timeout passes. */
    Uni<List<DashScopeResponses.ResultImage>> awaitResult(String taskId) {
        long deadline = System.nanoTime() + settings.taskTimeout().toNanos();
        return later(() -> poll(taskId, deadline, 0));
    }

    /** A synchronous multimodal generation; returns the result images. */
    Uni<List<DashScopeResponses.ResultImage>> generateSync(JsonObject body) {
        return authorized(http.postAbs(Endpoints.url(settings, MULTIMODAL)))
                .sendJsonObject(body)
                .onFailure().transform(f -> HttpFailures.classify(NAME, f))
                .map(response -> DashScopeResponses.syncImages(success(response)));
    }

    private Uni<List<DashScopeResponses.ResultImage>> poll(String taskId, long deadline, int errorsInARow) {
        if (System.nanoTime() - deadline > 0) {
            return Uni.createFrom().failure(ProviderFailure.retry(FailureCodes.TIMEOUT,
                    NAME + " task " + taskId + " did not finish in time"));
        }
        return authorized(http.getAbs(Endpoints.url(settings, "/api/v1/tasks/" + taskId)))
                .send()
                .onFailure().transform(f -> HttpFailures.classify(NAME, f))
                .onItemOrFailure().transformToUni((response, failure) -> {
                    boolean transientError = failure != null
                            || response.statusCode() == 429 || response.statusCode() >= 500;
                    if (transientError && errorsInARow < POLL_ERROR_TOLERANCE) {
                        return later(() -> poll(taskId, deadline, errorsInARow + 1));
                    }
                    if (failure != null) {
                        return Uni.createFrom().failure(failure);
                    }
                    DashScopeResponses.TaskState state = DashScopeResponses.taskState(success(response));
                    if (!state.isFinished()) {
                        return later(() -> poll(taskId, deadline, 0));
                    }
                    return Uni.createFrom().item(finished(taskId, state));
                });
    }

    private static List<DashScopeResponses.ResultImage> finished(String taskId, DashScopeResponses.TaskState state) {
        return switch (state.status()) {
            case "SUCCEEDED" -> {
                if (state.images().isEmpty()) {
                    throw ProviderFailure.retry(FailureCodes.GENERATION_FAILED,
                            NAME + " task " + taskId + " succeeded without any image");
                }
                yield state.images();
            }
            case "FAILED" -> throw DashScopeErrors.taskFailed(taskId, state.code(), state.message());
            case "CANCELED" -> throw ProviderFailure.retry(FailureCodes.GENERATION_FAILED,
                    NAME + " task " + taskId + " was canceled");
            // UNKNOWN: the id is invalid or expired (24 h); the task is gone.
            default -> throw ProviderFailure.retry(FailureCodes.TASK_LOST, NAME + " no longer knows task " + taskId);
        };
    }

    private Uni<List<DashScopeResponses.ResultImage>> later(Supplier<Uni<List<DashScopeResponses.ResultImage>>> next) {
        return Uni.createFrom().voidItem().onItem().delayIt().by(settings.pollInterval()).flatMap(ignored -> next.get());
    }

    private static JsonObject success(HttpResponse<Buffer> response) {
        if (response.statusCode() != 200) {
            throw DashScopeErrors.classify(response.statusCode(), JsonBodies.error(response),
                    HttpFailures.retryAfter(response));
        }
        return JsonBodies.success(NAME, response);
    }

    private HttpRequest<Buffer> authorized(HttpRequest<Buffer> request) {
        settings.apiKey().ifPresent(request::bearerTokenAuthentication);
        return request.timeout(settings.requestTimeout().toMillis());
    }
}
