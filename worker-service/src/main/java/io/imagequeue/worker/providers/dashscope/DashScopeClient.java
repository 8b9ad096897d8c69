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

/** DashScope's task and multimodal endpoints; nothing of the wire leaves this package. */
final class DashScopeClient {

    static final String NAME = "DashScope";
    private static final String TEXT_TO_IMAGE = "/services/aigc/text2image/image-synthesis";
    private static final String MULTIMODAL = "/services/aigc/multimodal-generation/generation";
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
        return authorized(http.postAbs(Endpoints.url(settings, Endpoints.ApiRoot.DASHSCOPE, TEXT_TO_IMAGE)))
                .putHeader("X-DashScope-Async", "enable")
                .sendJsonObject(body)
                .onFailure().transform(f -> HttpFailures.classify(NAME, f))
                .map(response -> DashScopeResponses.taskId(success(response)));
    }

    /**
     * Polls the task every poll interval until it succeeds (its result images) or fails, or the task
     * timeout passes. One poll at a time is subscribed to and then let go, so a task's memory stays
     * the same however long it polls.
     */
    Uni<List<DashScopeResponses.ResultImage>> awaitResult(String taskId) {
        long deadline = System.nanoTime() + settings.taskTimeout().toNanos();
        int[] errorsInARow = {0};
        return Uni.createFrom().voidItem().onItem().delayIt().by(settings.pollInterval())
                .chain(() -> pollOnce(taskId, deadline, errorsInARow))
                .repeat().indefinitely()
                .filter(poll -> !poll.pending())
                .toUni()
                .map(Poll::images);
    }

    /** A synchronous multimodal generation; returns the result images. */
    Uni<List<DashScopeResponses.ResultImage>> generateSync(JsonObject body) {
        return authorized(http.postAbs(Endpoints.url(settings, Endpoints.ApiRoot.DASHSCOPE, MULTIMODAL)))
                .sendJsonObject(body)
                .onFailure().transform(f -> HttpFailures.classify(NAME, f))
                .map(response -> DashScopeResponses.syncImages(success(response)));
    }

    /** One poll's answer: the result images once the task finished, none while it runs. */
    private record Poll(List<DashScopeResponses.ResultImage> images) {
        static final Poll PENDING = new Poll(null);

        boolean pending() {
            return images == null;
        }
    }

    /** One status request; {@code errorsInARow} counts transient failures since the last good answer. */
    private Uni<Poll> pollOnce(String taskId, long deadline, int[] errorsInARow) {
        if (System.nanoTime() - deadline > 0) {
            return Uni.createFrom().failure(ProviderFailure.retry(FailureCodes.TIMEOUT,
                    NAME + " task " + taskId + " did not finish in time"));
        }
        return authorized(http.getAbs(Endpoints.url(settings, Endpoints.ApiRoot.DASHSCOPE, "/tasks/" + taskId)))
                .send()
                .onFailure().transform(f -> HttpFailures.classify(NAME, f))
                .onItemOrFailure().transform((response, failure) -> {
                    boolean transientError = failure != null
                            || response.statusCode() == 429 || response.statusCode() >= 500;
                    if (transientError && errorsInARow[0] < POLL_ERROR_TOLERANCE) {
                        errorsInARow[0]++;
                        return Poll.PENDING;
                    }
                    if (failure != null) {
                        throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
                    }
                    DashScopeResponses.TaskState state = DashScopeResponses.taskState(success(response));
                    errorsInARow[0] = 0;
                    return state.isFinished() ? new Poll(finished(taskId, state)) : Poll.PENDING;
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
