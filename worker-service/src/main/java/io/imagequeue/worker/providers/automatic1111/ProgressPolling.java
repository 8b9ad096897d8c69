package io.imagequeue.worker.providers.automatic1111;

import io.imagequeue.worker.providers.ProgressReport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import org.jboss.logging.Logger;

/**
 * Polls {@code GET /sdapi/v1/progress} every poll interval while one generation request is in flight
 * (A1111 answers txt2img only when the job is done, so this is the only way to see it move). One poll
 * at a time; a poll that fails or answers about another job is skipped. Nothing of it can fail or
 * delay the generation, which runs on its own connection.
 */
final class ProgressPolling {

    private static final Logger LOG = Logger.getLogger(ProgressPolling.class);

    private final Supplier<HttpRequest<Buffer>> progressRequest;
    private final Duration interval;

    /** {@code progressRequest} makes an authorized {@code GET .../progress?skip_current_image=true}. */
    ProgressPolling(Supplier<HttpRequest<Buffer>> progressRequest, Duration interval) {
        this.progressRequest = progressRequest;
        this.interval = interval;
    }

    /** Starts polling for the job {@code jobId}; cancel the result when the generation request ended. */
    Cancellable watch(String jobId, ProgressReport report) {
        return Multi.createFrom().ticks().startingAfter(interval).every(interval)
                .onOverflow().drop()
                .onItem().transformToUniAndConcatenate(tick -> pollOnce(jobId))
                .subscribe().with(share -> share.ifPresent(report::report),
                        failure -> LOG.debugf("progress polling of %s stopped: %s", jobId, failure.toString()));
    }

    private Uni<Optional<Double>> pollOnce(String jobId) {
        return Uni.createFrom().deferred(() -> progressRequest.get().send())
                .map(response -> response.statusCode() == 200
                        ? Automatic1111Progress.ofJob(response.bodyAsJsonObject(), jobId) : Optional.<Double>empty())
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("progress poll of %s failed: %s", jobId, failure.toString());
                    return Optional.empty();
                });
    }
}
