package io.imagequeue.simulator.openai;

import io.imagequeue.simulator.core.Refusal;
import io.imagequeue.simulator.http.Json;
import io.imagequeue.simulator.http.SimResponse;

import java.util.List;
import java.util.Map;

/** OpenAI's error bodies: {@code {"error": {"message","type","param","code"}}}, plus the 429 retry headers. */
final class OpenAiErrors {

    private OpenAiErrors() {
    }

    static SimResponse error(int status, String message, String type, String param, String code) {
        return SimResponse.json(status, Map.of("error", Json.obj("message", message, "type", type, "param", param,
                "code", code)));
    }

    static SimResponse invalid(String message, String param, String code) {
        return error(400, message, "invalid_request_error", param, code);
    }

    static SimResponse missing(String param) {
        return invalid("Missing required parameter: '" + param + "'.", param, "missing_required_parameter");
    }

    static SimResponse invalidValue(String param, String value, List<String> supported) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < supported.size(); i++) {
            list.append(i == 0 ? "" : i == supported.size() - 1 ? ", and " : ", ").append('\'').append(supported.get(i)).append('\'');
        }
        return invalid("Invalid value: '" + value + "'. Supported values are: " + list + ".", param, "invalid_value");
    }

    static SimResponse unknownParameter(String param) {
        return invalid("Unknown parameter: '" + param + "'.", param, "unknown_parameter");
    }

    /** DALL·E's content-policy block (HTTP 400, not retryable). */
    static SimResponse contentPolicyViolation() {
        return invalid("Your request was rejected as a result of our safety system. Your prompt may contain text "
                + "that is not allowed by our safety system.", null, "content_policy_violation");
    }

    /** GPT-image's moderation block, with the stage ({@code input} or {@code output}). */
    static SimResponse moderationBlocked(String stage, String requestId) {
        Map<String, Object> error = Json.obj("message", "Your request was rejected by the safety system. If you "
                        + "believe this is an error, contact us at help.openai.com and include the request ID " + requestId + ".",
                "type", "image_generation_user_error", "param", null, "code", "moderation_blocked",
                "moderation_details", Json.obj("moderation_stage", stage, "categories", List.of("sexual")));
        return SimResponse.json(400, Map.of("error", error));
    }

    static SimResponse refusal(Refusal refusal, String model) {
        return switch (refusal.kind()) {
            case HANG -> SimResponse.hangForever();
            case INSUFFICIENT_CREDITS -> error(429, "You exceeded your current quota, please check your plan and "
                    + "billing details. For more information on this error, read the docs: "
                    + "https://platform.openai.com/docs/guides/error-codes/api-errors.",
                    "insufficient_quota", null, "insufficient_quota");
            case INTERNAL_ERROR -> error(500, "The server had an error while processing your request. Sorry about that!",
                    "server_error", null, null);
            case UNAVAILABLE -> error(503, "The server is overloaded or not ready yet.", "server_error", null, null);
            case RATE_LIMITED, TOO_MANY_CONCURRENT -> rateLimited(refusal, model);
        };
    }

    private static SimResponse rateLimited(Refusal refusal, String model) {
        Long retryAfter = refusal.retryAfterSeconds();
        String limit = refusal.limit() == null ? "" : " Limit " + refusal.limit() + ", Used " + refusal.limit() + ", Requested 1.";
        String hint = retryAfter == null ? "" : " Please try again in " + retryAfter + "s.";
        SimResponse response = error(429, "Rate limit reached for " + model + " in organization org-simulator on "
                + "images per minute (IPM):" + limit + hint, "requests", null, "rate_limit_exceeded");
        if (retryAfter != null) {
            response = response.withHeader("retry-after", String.valueOf(retryAfter))
                    .withHeader("retry-after-ms", String.valueOf(retryAfter * 1000));
        }
        return response;
    }
}
