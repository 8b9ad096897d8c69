package io.imagequeue.simulator.calls;

import io.imagequeue.simulator.http.Json;

import java.util.Map;

/**
 * One recorded upstream-facing request.
 *
 * @param provider   provider id ({@code bfl}, {@code openai}, …)
 * @param model      model or endpoint the call was for; null when unknown (e.g. a poll for an unknown id)
 * @param kind       what the call was for
 * @param method     HTTP method
 * @param path       request path without the query
 * @param atMs       arrival time, epoch milliseconds
 * @param status     HTTP status answered; 0 when the call was left hanging
 * @param fault      the fault marker or limit that decided the answer ({@code 429}, {@code moderate-input},
 *                   {@code rate-limit}, …), or null for a normal answer
 * @param durationMs time from arrival to the answer
 */
public record CallRecord(String provider, String model, CallKind kind, String method, String path, long atMs,
                         int status, String fault, long durationMs) {

    Map<String, Object> toJson() {
        return Json.obj("provider", provider, "model", model, "kind", kind.wireName(), "method", method,
                "path", path, "at_ms", atMs, "status", status, "fault", fault, "duration_ms", durationMs);
    }
}
