package io.imagequeue.simulator.core;

import io.imagequeue.simulator.calls.CallLog;
import io.imagequeue.simulator.delivery.ResultUrls;
import io.imagequeue.simulator.fault.FailureCounter;
import io.imagequeue.simulator.fault.FaultKind;
import io.imagequeue.simulator.fault.FaultPlan;
import io.imagequeue.simulator.http.SimRequest;
import io.imagequeue.simulator.http.SimResponse;
import io.imagequeue.simulator.render.ImageRenderer;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What every protocol shares: settings, limits, the gate, the renderer, result URLs, the call log, the clock and
 * the shutdown signal that releases hanging requests. One instance per running simulator.
 */
public final class SimulatorContext {

    private final RuntimeSettings settings;
    private final TrafficLimiter limiter;
    private final FailureCounter failures;
    private final UpstreamGate gate;
    private final ImageRenderer renderer;
    private final ResultUrls resultUrls;
    private final CallLog calls;
    private final RandomGenerator random;
    private final String publicBaseUrl;
    private final CountDownLatch shutdown = new CountDownLatch(1);

    public SimulatorContext(RuntimeSettings settings, RandomGenerator random, String publicBaseUrl, CallLog calls) {
        this.settings = settings;
        this.random = random;
        this.publicBaseUrl = publicBaseUrl;
        this.calls = calls;
        this.limiter = new TrafficLimiter();
        this.failures = new FailureCounter();
        this.gate = new UpstreamGate(settings, limiter, failures, random);
        this.renderer = new ImageRenderer();
        this.resultUrls = new ResultUrls(publicBaseUrl, renderer, this::nowMs);
    }

    public RuntimeSettings settings() {
        return settings;
    }

    public TrafficLimiter limiter() {
        return limiter;
    }

    public UpstreamGate gate() {
        return gate;
    }

    public ImageRenderer renderer() {
        return renderer;
    }

    public ResultUrls resultUrls() {
        return resultUrls;
    }

    public CallLog calls() {
        return calls;
    }

    public RandomGenerator random() {
        return random;
    }

    /** Base URL for links the simulator hands out (result URLs, BFL polling URLs): uses the alternate host name. */
    public String publicBaseUrl() {
        return publicBaseUrl;
    }

    public long nowMs() {
        return System.currentTimeMillis();
    }

    /** A seed for requests that give none: random, like the real providers. */
    public long randomSeed(long bound) {
        return random.nextLong(1, bound);
    }

    /** Forgets per-run state: limits, fail-once counters. Settings and the call log have their own resets. */
    public void resetState() {
        limiter.clear();
        failures.clear();
    }

    /** Blocks a hanging request until the simulator closes. */
    public void awaitShutdown() throws InterruptedException {
        shutdown.await();
    }

    public void signalShutdown() {
        shutdown.countDown();
    }

    /** The key identifying "the same call again" for fail-once markers. */
    public static String failKey(String provider, String model, String prompt, SimRequest request) {
        return provider + "|" + model + "|" + prompt + "|" + request.header(FaultPlan.HEADER);
    }

    /**
     * Runs one synchronous generation: gate, then (unless the input is to be moderated) the latency wait while
     * holding a concurrency slot, then {@code produce}; a {@code malformed} marker corrupts the answer.
     *
     * @param refusals renders gate refusals in the protocol's wire shape
     */
    public SimResponse generateSync(SimRequest request, String provider, String model, String prompt, FaultPlan plan,
                                    Function<Refusal, SimResponse> refusals, Supplier<SimResponse> produce)
            throws InterruptedException {
        request.recordModel(model);
        UpstreamGate.Decision decision = gate.check(provider, model, plan, failKey(provider, model, prompt, request), nowMs());
        if (decision.refused()) {
            request.recordFault(decision.refusal().cause());
            if (decision.refusal().kind() == Refusal.Kind.HANG) {
                return SimResponse.hangForever();
            }
            return refusals.apply(decision.refusal());
        }
        try (Permit ignored = decision.permit()) {
            if (!plan.has(FaultKind.MODERATE_INPUT)) {
                Thread.sleep(decision.latencyMs());
            }
            if (!plan.isEmpty()) {
                request.recordFault(plan.describe());
            }
            SimResponse response = produce.get();
            return plan.has(FaultKind.MALFORMED) && response.status() == 200 ? malformed(response) : response;
        }
    }

    /** A 200 whose body is cut in half: invalid JSON for JSON answers, an undecodable image for image bytes. */
    public static SimResponse malformed(SimResponse response) {
        byte[] body = response.body();
        byte[] broken = Arrays.copyOf(body, Math.max(1, body.length / 2));
        if (!response.headers().getOrDefault("Content-Type", "").contains("json")) {
            Arrays.fill(broken, 0, Math.min(broken.length, 16), (byte) 0);
        }
        return new SimResponse(response.status(), response.headers(), broken, false);
    }
}
