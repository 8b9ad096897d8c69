package io.imagequeue.simulator.fault;

import java.util.Map;

/**
 * One requested fault: its kind, an optional value ({@code latency=5000} → "5000") and named parameters
 * ({@code 429:retry-after=3} → retry-after=3).
 */
public record Fault(FaultKind kind, String value, Map<String, String> params) {

    public Fault {
        params = Map.copyOf(params);
    }

    /** The value as a non-negative integer, or the fallback when absent. */
    public long longValue(long fallback) {
        return value == null ? fallback : Long.parseLong(value);
    }

    public String param(String name) {
        return params.get(name);
    }

    /** The marker text as written, e.g. {@code 429:retry-after=3}, for the call log. */
    public String describe() {
        StringBuilder text = new StringBuilder(kind.marker());
        if (value != null) {
            text.append('=').append(value);
        }
        params.forEach((k, v) -> text.append(':').append(k).append('=').append(v));
        return text.toString();
    }
}
