package io.imagequeue.worker.webhooks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code imagequeue_webhook_deliveries_total{outcome}} (per attempt: delivered, retried, failed =
 * abandoned, gone = 410), {@code imagequeue_webhook_delivery_seconds} (one attempt's HTTP exchange)
 * and {@code imagequeue_webhook_backlog} (pending deliveries, all workers).
 */
@ApplicationScoped
public class WebhookMetrics {

    private final MeterRegistry registry;
    private final Timer duration;
    private final AtomicLong backlog;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duration = Timer.builder("imagequeue.webhook.delivery")
                .description("One webhook attempt's HTTP exchange")
                .publishPercentileHistogram()
                .register(registry);
        this.backlog = registry.gauge("imagequeue.webhook.backlog", new AtomicLong());
    }

    public void attempt(String outcome, long millis) {
        registry.counter("imagequeue.webhook.deliveries", "outcome", outcome).increment();
        duration.record(Duration.ofMillis(millis));
    }

    public void backlog(long pending) {
        backlog.set(pending);
    }
}
