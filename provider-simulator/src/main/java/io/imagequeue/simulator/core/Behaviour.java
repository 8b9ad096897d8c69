package io.imagequeue.simulator.core;

import io.imagequeue.simulator.http.Json;

import java.util.Map;

/**
 * The tunable behaviour of the simulated upstream, settable globally, per provider or per model. Null fields
 * mean "not set at this level"; {@link #overlay} lets a narrower level win field by field.
 *
 * @param latencyMs         mean time a generation takes (sync: the request blocks; async: the task stays
 *                          pending), milliseconds
 * @param latencyJitterMs   latency is drawn uniformly from [mean − jitter, mean + jitter], floored at 0
 * @param errorRate         probability 0..1 that a generation call fails with the provider's 500
 * @param rateLimitPerMinute generation calls admitted per sliding 60 s window; 0 = unlimited; excess → 429
 * @param maxConcurrent     generations in flight (sync) or active tasks (async); 0 = unlimited; excess → 429
 * @param lockoutSeconds    after a rate-limit 429, refuse everything for this long (Stability's 60 s time-out)
 * @param apiKey            the key accepted; {@code *} accepts any non-empty key
 */
public record Behaviour(Long latencyMs, Long latencyJitterMs, Double errorRate, Integer rateLimitPerMinute,
                        Integer maxConcurrent, Integer lockoutSeconds, String apiKey) {

    public static final String ANY_KEY = "*";
    public static final Behaviour UNSET = new Behaviour(null, null, null, null, null, null, null);

    /** This level with the non-null fields of {@code narrower} on top. */
    public Behaviour overlay(Behaviour narrower) {
        if (narrower == null) {
            return this;
        }
        return new Behaviour(
                narrower.latencyMs != null ? narrower.latencyMs : latencyMs,
                narrower.latencyJitterMs != null ? narrower.latencyJitterMs : latencyJitterMs,
                narrower.errorRate != null ? narrower.errorRate : errorRate,
                narrower.rateLimitPerMinute != null ? narrower.rateLimitPerMinute : rateLimitPerMinute,
                narrower.maxConcurrent != null ? narrower.maxConcurrent : maxConcurrent,
                narrower.lockoutSeconds != null ? narrower.lockoutSeconds : lockoutSeconds,
                narrower.apiKey != null ? narrower.apiKey : apiKey);
    }

    public boolean isUnset() {
        return equals(UNSET);
    }

    public Behaviour withLatencyMs(Long value) {
        return new Behaviour(value, latencyJitterMs, errorRate, rateLimitPerMinute, maxConcurrent, lockoutSeconds, apiKey);
    }

    public Behaviour withLatencyJitterMs(Long value) {
        return new Behaviour(latencyMs, value, errorRate, rateLimitPerMinute, maxConcurrent, lockoutSeconds, apiKey);
    }

    public Behaviour withErrorRate(Double value) {
        return new Behaviour(latencyMs, latencyJitterMs, value, rateLimitPerMinute, maxConcurrent, lockoutSeconds, apiKey);
    }

    public Behaviour withRateLimitPerMinute(Integer value) {
        return new Behaviour(latencyMs, latencyJitterMs, errorRate, value, maxConcurrent, lockoutSeconds, apiKey);
    }

    public Behaviour withMaxConcurrent(Integer value) {
        return new Behaviour(latencyMs, latencyJitterMs, errorRate, rateLimitPerMinute, value, lockoutSeconds, apiKey);
    }

    public Behaviour withLockoutSeconds(Integer value) {
        return new Behaviour(latencyMs, latencyJitterMs, errorRate, rateLimitPerMinute, maxConcurrent, value, apiKey);
    }

    public Behaviour withApiKey(String value) {
        return new Behaviour(latencyMs, latencyJitterMs, errorRate, rateLimitPerMinute, maxConcurrent, lockoutSeconds, value);
    }

    /** Whether a presented key passes: present, non-blank, and equal to {@link #apiKey} unless that is {@code *}. */
    public boolean acceptsKey(String presented) {
        if (presented == null || presented.isBlank()) {
            return false;
        }
        return apiKey == null || ANY_KEY.equals(apiKey) || apiKey.equals(presented);
    }

    /** The set fields in wire names, as shown by {@code GET /_sim/config}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = Json.obj();
        putIfSet(json, "latency_ms", latencyMs);
        putIfSet(json, "latency_jitter_ms", latencyJitterMs);
        putIfSet(json, "error_rate", errorRate);
        putIfSet(json, "rate_limit_per_minute", rateLimitPerMinute);
        putIfSet(json, "max_concurrent", maxConcurrent);
        putIfSet(json, "lockout_seconds", lockoutSeconds);
        putIfSet(json, "api_key", apiKey);
        return json;
    }

    private static void putIfSet(Map<String, Object> json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }
}
