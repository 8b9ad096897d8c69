package io.imagequeue.simulator.core;

import io.imagequeue.simulator.fault.FailureCounter;
import io.imagequeue.simulator.fault.Fault;
import io.imagequeue.simulator.fault.FaultKind;
import io.imagequeue.simulator.fault.FaultPlan;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The protocol-independent part of every generation call: requested faults, fail-once counters, rate and
 * concurrency limits, the random error rate and the latency draw. Protocols call it first and render a
 * {@link Refusal} in their own wire shape.
 *
 * <p>Order matters and is part of the contract: hang, credits, explicit error markers, explicit 429, fail-once,
 * then the configured limits, then the random error rate. Explicit markers therefore win over configuration, and
 * refused calls never consume a rate-limit slot.
 */
public final class UpstreamGate {

    /** Go ahead: hold {@code permit} while working and take {@code latencyMs} to finish. */
    public record Decision(Permit permit, long latencyMs, Refusal refusal) {
        public boolean refused() {
            return refusal != null;
        }
    }

    private final RuntimeSettings settings;
    private final TrafficLimiter limiter;
    private final FailureCounter failures;
    private final RandomGenerator random;

    public UpstreamGate(RuntimeSettings settings, TrafficLimiter limiter, FailureCounter failures,
                        RandomGenerator random) {
        this.settings = settings;
        this.limiter = limiter;
        this.failures = failures;
        this.random = random;
    }

    /**
     * Decides one generation call.
     *
     * @param failKey identifies "the same call again" for fail-once: provider, model and prompt
     */
    public Decision check(String provider, String model, FaultPlan plan, String failKey, long nowMs) {
        Optional<Refusal> marker = refusalFromMarkers(plan, failKey);
        if (marker.isPresent()) {
            return refuse(marker.get());
        }
        TrafficLimiter.Admission admission = limiter.tryAdmit(provider, model, settings.providerLevel(provider),
                settings.modelOverride(provider, model), nowMs);
        if (!admission.admitted()) {
            return refuse(admission.refusal());
        }
        Behaviour behaviour = settings.effective(provider, model);
        if (behaviour.errorRate() != null && behaviour.errorRate() > 0 && random.nextDouble() < behaviour.errorRate()) {
            admission.permit().close();
            return refuse(new Refusal(Refusal.Kind.INTERNAL_ERROR, null, "error-rate", null));
        }
        return new Decision(admission.permit(), latency(behaviour, plan), null);
    }

    /** The latency for a call: the {@code latency=} marker if present, else mean ± uniform jitter. */
    public long latency(Behaviour behaviour, FaultPlan plan) {
        Optional<Fault> explicit = plan.get(FaultKind.LATENCY);
        if (explicit.isPresent()) {
            return explicit.get().longValue(0);
        }
        long mean = behaviour.latencyMs() == null ? 0 : behaviour.latencyMs();
        long jitter = behaviour.latencyJitterMs() == null ? 0 : behaviour.latencyJitterMs();
        if (jitter <= 0) {
            return mean;
        }
        return Math.max(0, mean + random.nextLong(-jitter, jitter + 1));
    }

    private Optional<Refusal> refusalFromMarkers(FaultPlan plan, String failKey) {
        if (plan.has(FaultKind.HANG)) {
            return Optional.of(new Refusal(Refusal.Kind.HANG, null, "hang", null));
        }
        if (plan.has(FaultKind.INSUFFICIENT_CREDITS)) {
            return Optional.of(new Refusal(Refusal.Kind.INSUFFICIENT_CREDITS, null, "insufficient-credits", null));
        }
        if (plan.has(FaultKind.ERROR_500)) {
            return Optional.of(new Refusal(Refusal.Kind.INTERNAL_ERROR, null, "error-500", null));
        }
        if (plan.has(FaultKind.ERROR_503)) {
            return Optional.of(new Refusal(Refusal.Kind.UNAVAILABLE, null, "error-503", null));
        }
        Optional<Fault> rateLimited = plan.get(FaultKind.RATE_LIMITED);
        if (rateLimited.isPresent()) {
            String retryAfter = rateLimited.get().param("retry-after");
            return Optional.of(new Refusal(Refusal.Kind.RATE_LIMITED,
                    retryAfter == null ? null : Long.parseLong(retryAfter), rateLimited.get().describe(), null));
        }
        Optional<Fault> failOnce = plan.get(FaultKind.FAIL_ONCE);
        Optional<Fault> failTimes = plan.get(FaultKind.FAIL_TIMES);
        if (failOnce.isPresent() || failTimes.isPresent()) {
            long times = failTimes.map(f -> f.longValue(1)).orElse(1L);
            if (failures.shouldFail(failKey, times)) {
                return Optional.of(new Refusal(Refusal.Kind.INTERNAL_ERROR, null,
                        failTimes.isPresent() ? failTimes.get().describe() : "fail-once", null));
            }
        }
        return Optional.empty();
    }

    private static Decision refuse(Refusal refusal) {
        return new Decision(null, 0, refusal);
    }
}
