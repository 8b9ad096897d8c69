package io.imagequeue.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;

/** One answer of the server: status, headers, and the body as JSON (null when it was not JSON). */
public record ApiResponse(String method, String path, int status, HttpHeaders headers, JsonNode body, String raw) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The error object of the contract's error shape, or null when the body has none. */
    public JsonNode error() {
        return body != null && body.path("error").isObject() ? body.get("error") : null;
    }

    /** Seconds from a Retry-After header, or the fallback when it is missing or unreadable. */
    public long retryAfterSeconds(long fallback) {
        return headers.firstValue("Retry-After").map(value -> {
            try {
                return Math.max(0, Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                return fallback;
            }
        }).orElse(fallback);
    }
}
