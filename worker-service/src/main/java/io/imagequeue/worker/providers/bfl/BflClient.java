package io.imagequeue.worker.providers.bfl;

import io.imagequeue.worker.config.WorkerConfig;
import io.imagequeue.worker.providers.Endpoints;
import io.imagequeue.worker.providers.GeneratedImage;
import io.imagequeue.worker.providers.HttpFailures;
import io.imagequeue.worker.providers.ProgressReport;
import io.imagequeue.worker.providers.ProviderFailure;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/** BFL's wire protocol; nothing of it leaves this package. */
final class BflClient {

    private static final String NAME = "Black Forest Labs";
    /** Right after submit a regional store may not know the task yet: tolerate a few "Task not found". */
    private static final int NOT_FOUND_TOLERANCE = 5;

    private final WebClient http;
    private final WorkerConfig.ProviderSettings settings;

    BflClient(WebClient http, WorkerConfig.ProviderSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    /** A submitted BFL task: its id and the URL that must be polled for it. */
    record Submitted(String id, String pollingUrl) {
    }

    /** A finished task's short-lived image URL. */
    record Sample(String url) {
    }

    Uni<Submitted> submit(String endpoint, JsonObject body) {
        String url = Endpoints.url(settings, Endpoints.ApiRoot.BFL, "/" + endpoint);
        return authorized(http.postAbs(url))
                .sendJsonObject(body)
                .onFailure().transform(f -> HttpFailures.classify(NAME, f))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw submitFailure(response);
                    }
                    JsonObject answer = json(response);
                    String id = answer.getString("id");
                    String pollingUrl = answer.getString("polling_url");
                    if (id == null || pollingUrl == null) {
                        throw ProviderFailure.retry("provider_bad_response", NAME + " answered without id or polling_url");
                    }
                    return new Submitted(id, pollingUrl);
                });
    }

    /**
     * Polls the task's URL every poll interval until it is ready, refused or failed, or the task
     * timeout passed. One poll at a time is subscribed to and then let go, so a task's memory stays
     * the same however long it polls (a chain that nested each poll in the previous one held every
     * earlier poll until the task ended).
     */
    Uni<Sample> awaitSample(Submitted task, ProgressReport progress) {
        long deadline = System.nanoTime() + settings.taskTimeout().toNanos();
        int[] notFoundSeen = {0};
        return Uni.createFrom().deferred(() -> pollOnce(task, deadline, notFoundSeen, progress))
                .repeat().withDelay(settings.pollInterval())
                .whilst(Poll::pending)
                .filter(poll -> !poll.pending())
                .toUni()
                .map(Poll::sample);
    }

    Uni<GeneratedImage> download(Sample sample) {
        return http.getAbs(sample.url())
                .timeout(settings.requestTimeout().toMillis())
                .send()
                .onFailure().transform(f -> HttpFailures.classify(NAME, f))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw ProviderFailure.retry("provider_result_unavailable",
                                NAME + " result download answered HTTP " + response.statusCode());
                    }
                    String type = response.getHeader("Content-Type");
                    return new GeneratedImage(response.body().getBytes(),
                            type == null ? "image/jpeg" : type.split(";")[0].trim(), null);
                });
    }

    /** One poll's answer: the sample when the task is ready, none while it is not yet. */
    private record Poll(Sample sample) {
        static final Poll PENDING = new Poll(null);

        boolean pending() {
            return sample == null;
        }
    }

    /**
     * One status request; {@code notFoundSeen} counts "not found" answers over the task's polls. A
     * pending answer's {@code progress} (a number, or null while BFL has none) goes to {@code progress}.
     */
    private Uni<Poll> pollOnce(Submitted task, long deadline, int[] notFoundSeen, ProgressReport progress) {
        if (System.nanoTime() - deadline > 0) {
            return Uni.createFrom().failure(ProviderFailure.retry("provider_timeout",
                    NAME + " task " + task.id() + " did not finish in time"));
        }
        return authorized(http.getAbs(task.pollingUrl()))
                .send()
                .onFailure().transform(f -> HttpFailures.classify(NAME, f))
                .map(response -> {
                    if (response.statusCode() == 404) {
                        return notFound(task, notFoundSeen);
                    }
                    if (response.statusCode() != 200) {
                        throw HttpFailures.fromStatus(NAME, response);
                    }
                    JsonObject answer = json(response);
                    String status = String.valueOf(answer.getValue("status"));
                    return switch (status) {
                        case "Ready" -> new Poll(sample(answer));
                        case "Request Moderated", "Content Moderated" -> throw ProviderFailure.permanent(
                                "content_moderated", "The provider's moderation refused this request (" + status + ").");
                        case "Error", "Failed" -> throw ProviderFailure.retry("provider_generation_failed",
                                NAME + " reported an error for task " + task.id());
                        case "Task not found" -> notFound(task, notFoundSeen);
                        // Pending and any status BFL adds later are not terminal.
                        default -> {
                            if (answer.getValue("progress") instanceof Number share) {
                                progress.report(share.doubleValue());
                            }
                            yield Poll.PENDING;
                        }
                    };
                });
    }

    /** Right after submit a regional store may not know the task yet: a few "not found" are a wait. */
    private static Poll notFound(Submitted task, int[] notFoundSeen) {
        if (notFoundSeen[0] >= NOT_FOUND_TOLERANCE) {
            throw ProviderFailure.retry("provider_task_lost", NAME + " no longer knows task " + task.id());
        }
        notFoundSeen[0]++;
        return Poll.PENDING;
    }

    private static Sample sample(JsonObject answer) {
        JsonObject result = answer.getJsonObject("result");
        String url = result == null ? null : result.getString("sample");
        if (url == null) {
            throw ProviderFailure.retry("provider_bad_response", NAME + " said Ready without result.sample");
        }
        return new Sample(url);
    }

    private static ProviderFailure submitFailure(HttpResponse<Buffer> response) {
        if (response.statusCode() == 422 || response.statusCode() == 400) {
            return ProviderFailure.permanent("provider_rejected_request",
                    NAME + " rejected the request as invalid (HTTP " + response.statusCode() + ")");
        }
        return HttpFailures.fromStatus(NAME, response);
    }

    private HttpRequest<Buffer> authorized(HttpRequest<Buffer> request) {
        settings.apiKey().ifPresent(key -> request.putHeader("x-key", key));
        return request.timeout(settings.requestTimeout().toMillis());
    }

    private static JsonObject json(HttpResponse<Buffer> response) {
        try {
            return response.bodyAsJsonObject();
        } catch (RuntimeException e) {
            throw ProviderFailure.retry("provider_bad_response", NAME + " answered with a body that is not JSON");
        }
    }
}
