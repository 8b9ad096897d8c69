package io.imagequeue.simulator.gemini;

import io.imagequeue.simulator.core.Refusal;
import io.imagequeue.simulator.http.Json;
import io.imagequeue.simulator.http.SimResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Google API error bodies: {@code {"error": {"code", "message", "status", "details": [...]}}}. */
final class GoogleErrors {

    private GoogleErrors() {
    }

    static SimResponse error(int code, String status, String message, List<Map<String, Object>> details) {
        Map<String, Object> error = Json.obj("code", code, "message", message, "status", status);
        if (details != null && !details.isEmpty()) {
            error.put("details", details);
        }
        return SimResponse.json(code, Map.of("error", error));
    }

    static SimResponse invalidArgument(String message) {
        return error(400, "INVALID_ARGUMENT", message, null);
    }

    static SimResponse refusal(Refusal refusal, String model) {
        return switch (refusal.kind()) {
            case HANG -> SimResponse.hangForever();
            case INTERNAL_ERROR -> error(500, "INTERNAL", "An internal error has occurred. Please retry or report in "
                    + "https://developers.generativeai.google/guide/troubleshooting", null);
            case UNAVAILABLE -> error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.", null);
            case RATE_LIMITED, TOO_MANY_CONCURRENT -> resourceExhausted(model,
                    "GenerateRequestsPerMinutePerProjectPerModel", "generate_content_requests",
                    refusal.limit() == null ? 10 : refusal.limit(), refusal.retryAfterSeconds());
            // A per-day quota: the body still carries a short retryDelay, which must not be trusted on its own.
            case INSUFFICIENT_CREDITS -> resourceExhausted(model, "GenerateRequestsPerDayPerProjectPerModel-FreeTier",
                    "generate_content_free_tier_requests", 20, 19L);
        };
    }

    private static SimResponse resourceExhausted(String model, String quotaId, String metric, int quotaValue,
                                                 Long retryAfterSeconds) {
        List<Map<String, Object>> details = new ArrayList<>();
        details.add(Json.obj("@type", "type.googleapis.com/google.rpc.QuotaFailure",
                "violations", List.of(Json.obj(
                        "quotaMetric", "generativelanguage.googleapis.com/" + metric,
                        "quotaId", quotaId,
                        "quotaDimensions", Json.obj("model", model, "location", "global"),
                        "quotaValue", String.valueOf(quotaValue)))));
        details.add(Json.obj("@type", "type.googleapis.com/google.rpc.Help",
                "links", List.of(Json.obj("description", "Learn more about Gemini API quotas",
                        "url", "https://ai.google.dev/gemini-api/docs/rate-limits"))));
        if (retryAfterSeconds != null) {
            details.add(Json.obj("@type", "type.googleapis.com/google.rpc.RetryInfo",
                    "retryDelay", retryAfterSeconds + "s"));
        }
        String hint = retryAfterSeconds == null ? "" : " Please retry in " + retryAfterSeconds + ".0s.";
        return error(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing "
                + "details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits."
                + hint, details);
    }
}
