package io.imagequeue.simulator;

import io.imagequeue.simulator.core.Behaviour;

/**
 * Startup settings of a {@link ProviderSimulator}. {@link #defaults()} suits tests (random port, no latency); the
 * command line ({@link SimulatorMain}) starts from realistic values instead (port 18100, 2 s latency).
 *
 * @param host               interface to bind, and the host in {@link ProviderSimulator#baseUrl()}
 * @param port               port to bind; 0 picks a free one
 * @param altHost            host name written into links the simulator hands out (BFL {@code polling_url}, result
 *                           URLs); differs from {@code host} by default so adapters that rebuild URLs from their
 *                           configured base URL instead of following the returned one are caught
 * @param latencyMs          mean generation time, milliseconds
 * @param latencyJitterMs    uniform jitter around the mean, milliseconds
 * @param errorRate          probability 0..1 of a random provider 500 per generation call
 * @param rateLimitPerMinute generation calls per sliding minute per provider; 0 = unlimited
 * @param maxConcurrent      in-flight generations / active tasks per provider; 0 = unlimited (BFL's real default: 24)
 * @param apiKey             the accepted API key for every provider; {@code *} accepts any non-empty key
 * @param resultTtlSeconds   lifetime of result URLs the simulator hands out (BFL's real value: 600)
 * @param bflNotFoundPolls   how many polls right after a BFL submit answer 404 "Task not found" (regional lag)
 * @param randomSeed         seed for the simulator's own randomness (error rate, jitter, missing seeds); null = random
 */
public record SimulatorConfig(String host, int port, String altHost, long latencyMs, long latencyJitterMs,
                              double errorRate, int rateLimitPerMinute, int maxConcurrent, String apiKey,
                              int resultTtlSeconds, int bflNotFoundPolls, Long randomSeed) {

    public SimulatorConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (errorRate < 0 || errorRate > 1) {
            throw new IllegalArgumentException("errorRate must be between 0 and 1");
        }
        if (latencyMs < 0 || latencyJitterMs < 0 || rateLimitPerMinute < 0 || maxConcurrent < 0
                || resultTtlSeconds < 0 || bflNotFoundPolls < 0) {
            throw new IllegalArgumentException("latencies, limits and lifetimes must not be negative");
        }
        if (apiKey == null || apiKey.isBlank()) {
            apiKey = Behaviour.ANY_KEY;
        }
    }

    /** Test-friendly defaults: 127.0.0.1 on a random port, alt host {@code localhost}, no latency, BFL limits. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig("127.0.0.1", 0, "localhost", 0, 0, 0.0, 0, 24, Behaviour.ANY_KEY, 600, 0, null);
    }

    public SimulatorConfig withHost(String value) {
        return new SimulatorConfig(value, port, altHost, latencyMs, latencyJitterMs, errorRate, rateLimitPerMinute,
                maxConcurrent, apiKey, resultTtlSeconds, bflNotFoundPolls, randomSeed);
    }

    public SimulatorConfig withPort(int value) {
        return new SimulatorConfig(host, value, altHost, latencyMs, latencyJitterMs, errorRate, rateLimitPerMinute,
                maxConcurrent, apiKey, resultTtlSeconds, bflNotFoundPolls, randomSeed);
    }

    public SimulatorConfig withAltHost(String value) {
        return new SimulatorConfig(host, port, value, latencyMs, latencyJitterMs, errorRate, rateLimitPerMinute,
                maxConcurrent, apiKey, resultTtlSeconds, bflNotFoundPolls, randomSeed);
    }

    public SimulatorConfig withLatencyMs(long value) {
        return new SimulatorConfig(host, port, altHost, value, latencyJitterMs, errorRate, rateLimitPerMinute,
                maxConcurrent, apiKey, resultTtlSeconds, bflNotFoundPolls, randomSeed);
    }

    public SimulatorConfig withLatencyJitterMs(long value) {
        return new SimulatorConfig(host, port, altHost, latencyMs, value, errorRate, rateLimitPerMinute,
                maxConcurrent, apiKey, resultTtlSeconds, bflNotFoundPolls, randomSeed);
    }

    public SimulatorConfig withErrorRate(double value) {
        return new SimulatorConfig(host, port, altHost, latencyMs, latencyJitterMs, value, rateLimitPerMinute,
                maxConcurrent, apiKey, resultTtlSeconds, bflNotFoundPolls, randomSeed);
    }

    public SimulatorConfig withRateLimitPerMinute(int value) {
        return new SimulatorConfig(host, port, altHost, latencyMs, latencyJitterMs, errorRate, value,
                maxConcurrent, apiKey, resultTtlSeconds, bflNotFoundPolls, randomSeed);
    }

    public SimulatorConfig withMaxConcurrent(int value) {
        return new SimulatorConfig(host, port, altHost, latencyMs, latencyJitterMs, errorRate, rateLimitPerMinute,
                value, apiKey, resultTtlSeconds, bflNotFoundPolls, randomSeed);
    }

    public SimulatorConfig withApiKey(String value) {
        return new SimulatorConfig(host, port, altHost, latencyMs, latencyJitterMs, errorRate, rateLimitPerMinute,
                maxConcurrent, value, resultTtlSeconds, bflNotFoundPolls, randomSeed);
    }

    public SimulatorConfig withResultTtlSeconds(int value) {
        return new SimulatorConfig(host, port, altHost, latencyMs, latencyJitterMs, errorRate, rateLimitPerMinute,
                maxConcurrent, apiKey, value, bflNotFoundPolls, randomSeed);
    }

    public SimulatorConfig withBflNotFoundPolls(int value) {
        return new SimulatorConfig(host, port, altHost, latencyMs, latencyJitterMs, errorRate, rateLimitPerMinute,
                maxConcurrent, apiKey, resultTtlSeconds, value, randomSeed);
    }

    public SimulatorConfig withRandomSeed(Long value) {
        return new SimulatorConfig(host, port, altHost, latencyMs, latencyJitterMs, errorRate, rateLimitPerMinute,
                maxConcurrent, apiKey, resultTtlSeconds, bflNotFoundPolls, value);
    }

    /** The global behaviour these settings describe (lockout off: providers that lock out set it themselves). */
    public Behaviour behaviour() {
        return new Behaviour(latencyMs, latencyJitterMs, errorRate, rateLimitPerMinute, maxConcurrent, 0, apiKey);
    }
}
