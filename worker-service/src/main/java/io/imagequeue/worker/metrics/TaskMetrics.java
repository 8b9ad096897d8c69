package io.imagequeue.worker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The worker's own metrics (Prometheus names: {@code imagequeue_…}, units in the name): what it
 * finished, how long tasks waited and ran, provider calls and their errors, and the limiter.
 */
@ApplicationScoped
public class TaskMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> tokens = new ConcurrentHashMap<>();

    public TaskMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers the in-flight gauge of this worker. The gauge holds {@code count} strongly: by default
     * a gauge keeps only a weak reference to its state, and a lambda nobody else holds would be
     * collected, leaving the gauge at NaN.
     */
    public void inFlight(Supplier<Number> count) {
        Gauge.builder("imagequeue.worker.in.flight.tasks", count, s -> s.get().doubleValue())
                .description("Tasks this worker holds (claimed, not yet finished)")
                .strongReference(true)
                .register(registry);
    }

    public void finished(String model, String outcome, long createdAtMillis) {
        Counter.builder("imagequeue.tasks.finished").description("Tasks that reached a terminal state")
                .tag("model", model).tag("outcome", outcome).register(registry).increment();
        histogram("imagequeue.task.duration", "From submission to the terminal state", "model", model, "outcome", outcome)
                .record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - createdAtMillis)));
    }

    public void dispatched(String model, long createdAtMillis) {
        histogram("imagequeue.dispatch.latency", "From submission to a worker's claim (includes rate-limit waits)",
                "model", model).record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - createdAtMillis)));
    }

    public void providerCall(String provider, String model, String outcome, Duration took) {
        histogram("imagequeue.provider.request", "One attempt's upstream calls, submit to last byte",
                "provider", provider, "model", model, "outcome", outcome).record(took);
    }

    public void providerError(String provider, String model, String failureClass) {
        Counter.builder("imagequeue.provider.errors").description("Failed upstream attempts by failure class")
                .tag("provider", provider).tag("model", model).tag("class", failureClass).register(registry).increment();
    }

    public void waitedForPermit(String model, Duration waited) {
        histogram("imagequeue.ratelimit.wait", "Time a job waited in its lane for an upstream permit", "model", model)
                .record(waited);
    }

    /** Permits the model's window had left after the last grant this worker saw. */
    public void tokensLeft(String model, long left) {
        tokens.computeIfAbsent(model, m -> registry.gauge("imagequeue.ratelimit.tokens",
                java.util.List.of(io.micrometer.core.instrument.Tag.of("model", m)), new AtomicLong())).set(left);
    }

    private Timer histogram(String name, String description, String... tags) {
        return Timer.builder(name).description(description).tags(tags).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry);
    }
}
