package io.imagequeue.worker.webhooks;

import io.imagequeue.model.webhook.RetrySchedule;
import io.imagequeue.model.webhook.SigningSecrets;
import io.imagequeue.model.webhook.WebhookSignature;
import io.imagequeue.worker.dispatch.WorkerIdentity;
import io.imagequeue.worker.observability.TaskTracing;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Sends due webhook deliveries, on every worker: claim a batch under a lease, render, sign and send
 * each, record the outcome. A worker that dies mid-delivery leaves its lease to run out and another
 * worker sends the delivery again, with the same {@code webhook-id}: delivery is at least once.
 * A task's outcome never waits for its webhooks; they run beside the task processing.
 */
@ApplicationScoped
@Startup
public class WebhookDeliverer {

    private static final Logger LOG = Logger.getLogger(WebhookDeliverer.class);
    static final String WEBHOOK_ID_MDC = "webhook_id";

    private final DeliveryStore store;
    private final WebhookPayloads payloads;
    private final WebhookSender sender;
    private final WebhookMetrics metrics;
    private final WebhookConfig config;
    private final String owner;
    private final RetrySchedule schedule;
    private final SigningSecrets secrets;
    private final AtomicInteger inFlight = new AtomicInteger();

    public WebhookDeliverer(DeliveryStore store, WebhookPayloads payloads, WebhookSender sender, WebhookMetrics metrics,
                            WebhookConfig config, WorkerIdentity identity) {
        this.store = store;
        this.payloads = payloads;
        this.sender = sender;
        this.metrics = metrics;
        this.config = config;
        this.owner = identity.id();
        this.schedule = RetrySchedule.parse(config.retrySchedule());
        this.secrets = config.signingKey().map(SigningSecrets::new).orElse(null);
        if (secrets == null) {
            LOG.warn("webhooks: no signing key (IMAGEQUEUE_WEBHOOKS_SIGNING_KEY); deliveries wait until one is set");
        }
    }

    /**
     * Claims as many due deliveries as this worker has free slots ({@code batch-size} at once) and
     * starts them without waiting: a slow receiver holds its own slot, not the next round.
     */
    @Scheduled(every = "${imagequeue.webhooks.poll-interval:PT1S}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deliverDue() {
        int free = config.batchSize() - inFlight.get();
        if (secrets == null || free <= 0) {
            return Uni.createFrom().voidItem();
        }
        Executor context = currentContextExecutor();
        return store.claim(owner, free, config.lease())
                .invoke(claimed -> claimed.forEach(delivery -> {
                    inFlight.incrementAndGet();
                    deliver(delivery, context)
                            .onTermination().invoke(inFlight::decrementAndGet)
                            .subscribe().with(ignored -> { }, f -> LOG.warnf("webhooks: delivery %s of task %s not recorded "
                                    + "(sent again once its lease ran out): %s", delivery.webhookId(), delivery.taskId(), f.getMessage()));
                }))
                .onFailure().invoke(f -> LOG.warnf("webhooks: claiming deliveries failed: %s", f.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    @Scheduled(every = "${imagequeue.metrics.queue-interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshBacklog() {
        return store.backlog().invoke(metrics::backlog).onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> deliver(ClaimedDelivery delivery, Executor context) {
        return payloads.read(delivery.taskId())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(row -> payloads.render(delivery, row))
                .flatMap(body -> sender.send(delivery.url(), body, headers(delivery, body)))
                // A payload that cannot be built counts as a failed attempt, so it is retried and, at worst, abandoned.
                .onFailure().recoverWithItem(f -> new WebhookSender.Sent(null, "could not build the delivery: " + f.getMessage(), 0))
                .emitOn(context)
                .flatMap(sent -> record(delivery, sent));
    }

    private Map<String, String> headers(ClaimedDelivery delivery, String body) {
        long timestamp = System.currentTimeMillis() / 1000;
        List<byte[]> keys = delivery.generations().stream()
                .map(generation -> secrets.secretBytes(delivery.tenantId(), generation))
                .toList();
        return Map.of("webhook-id", delivery.webhookId(),
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", WebhookSignature.header(delivery.webhookId(), timestamp, body, keys));
    }

    private Uni<Void> record(ClaimedDelivery delivery, WebhookSender.Sent sent) {
        DeliveryStore.Attempt attempt = new DeliveryStore.Attempt(sent.statusCode(), sent.error(), sent.durationMillis());
        int attempts = delivery.attempts() + 1;
        String outcome;
        Uni<Void> written;
        if (sent.delivered()) {
            outcome = "delivered";
            written = store.delivered(delivery, owner, attempt);
        } else if (sent.gone()) {
            outcome = "gone";
            written = store.gone(delivery, owner, attempt);
        } else {
            var wait = schedule.afterAttempt(attempts);
            outcome = wait.isPresent() ? "retried" : "failed";
            written = wait.isPresent()
                    ? store.retryLater(delivery, owner, attempt, wait.get())
                    : store.abandoned(delivery, owner, attempt);
        }
        metrics.attempt(outcome, sent.durationMillis());
        log(delivery, sent, outcome, attempts);
        return written;
    }

    private void log(ClaimedDelivery delivery, WebhookSender.Sent sent, String outcome, int attempts) {
        MDC.put(TaskTracing.TASK_ADDRESS_MDC, delivery.taskId());
        MDC.put(WEBHOOK_ID_MDC, delivery.webhookId());
        try {
            String answer = sent.statusCode() != null ? "HTTP " + sent.statusCode() : sent.error();
            if (outcome.equals("delivered")) {
                LOG.debugf("webhook %s of task %s delivered (%s, attempt %d, %d ms)", delivery.event(), delivery.taskId(),
                        answer, attempts, sent.durationMillis());
            } else {
                LOG.infof("webhook %s of task %s %s after attempt %d: %s", delivery.event(), delivery.taskId(),
                        outcome.equals("retried") ? "will be retried" : outcome.equals("gone") ? "stopped (410 Gone)" : "abandoned",
                        attempts, answer);
            }
        } finally {
            MDC.remove(TaskTracing.TASK_ADDRESS_MDC);
            MDC.remove(WEBHOOK_ID_MDC);
        }
    }

    private static Executor currentContextExecutor() {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("webhook deliveries must run on a Vert.x context");
        }
        return command -> context.runOnContext(ignored -> command.run());
    }
}
