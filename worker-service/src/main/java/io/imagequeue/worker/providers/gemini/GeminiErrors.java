package io.imagequeue.worker.providers.gemini;

import io.imagequeue.worker.providers.FailureCodes;
import io.imagequeue.worker.providers.JsonFields;
import io.imagequeue.worker.providers.ProviderFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies Google API errors, {@code {"error": {"code", "message", "status", "details": [...]}}}.
 * A 429's wait is in the body ({@code google.rpc.RetryInfo.retryDelay}), not in a header; a per-day
 * quota carries a short delay too, but will not clear for hours.
 */
final class GeminiErrors {

    private static final String NAME = "Gemini";
    private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";
    private static final String QUOTA_FAILURE = "type.googleapis.com/google.rpc.QuotaFailure";
    private static final String ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo";
    // Protobuf Duration in JSON: seconds with an optional fraction and an "s" ("19s", "0.5s").
    private static final Pattern PROTO_DURATION = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)s\\s*");

    private GeminiErrors() {
    }

    static ProviderFailure classify(int httpStatus, JsonObject body, Duration retryAfterHeader) {
        JsonObject error = JsonFields.object(body, "error");
        String status = JsonFields.text(error, "status", "");
        JsonArray details = JsonFields.array(error, "details");
        if (httpStatus == 429) {
            String dailyQuota = dailyQuotaId(details);
            if (dailyQuota != null) {
                return ProviderFailure.permanent(FailureCodes.QUOTA_EXHAUSTED,
                        "The Gemini key has used up a daily quota (" + dailyQuota + ").");
            }
            Duration delay = retryDelay(details);
            return ProviderFailure.snooze(delay != null ? delay : retryAfterHeader,
                    NAME + " is rate limiting (429 " + status + ")");
        }
        if (httpStatus == 401 || httpStatus == 403 || "API_KEY_INVALID".equals(errorInfoReason(details))) {
            return ProviderFailure.permanent(FailureCodes.AUTH_FAILED, NAME + " refused the gateway's credentials");
        }
        if (httpStatus == 408 || httpStatus >= 500) {
            return ProviderFailure.retry(FailureCodes.UNAVAILABLE, NAME + " answered HTTP " + httpStatus + " " + status);
        }
        if (httpStatus == 404) {
            return ProviderFailure.permanent(FailureCodes.MODEL_UNAVAILABLE, NAME + " does not offer this model");
        }
        String message = JsonFields.text(error, "message");
        return ProviderFailure.permanent(FailureCodes.REJECTED_REQUEST, NAME + " rejected the request (HTTP " + httpStatus
                + (message != null ? "): " + message.strip() : ")"));
    }

    /** {@code RetryInfo.retryDelay} as a duration, or null when absent or unreadable. */
    static Duration retryDelay(JsonArray details) {
        for (JsonObject detail : JsonFields.objects(details)) {
            if (RETRY_INFO.equals(JsonFields.text(detail, "@type"))) {
                Matcher m = PROTO_DURATION.matcher(String.valueOf(detail.getValue("retryDelay")));
                if (m.matches()) {
                    return Duration.ofMillis(Math.round(Double.parseDouble(m.group(1)) * 1000));
                }
            }
        }
        return null;
    }

    private static String dailyQuotaId(JsonArray details) {
        for (JsonObject detail : JsonFields.objects(details)) {
            if (QUOTA_FAILURE.equals(JsonFields.text(detail, "@type"))) {
                for (JsonObject violation : JsonFields.objects(JsonFields.array(detail, "violations"))) {
                    String quotaId = JsonFields.text(violation, "quotaId", "");
                    if (quotaId.contains("PerDay")) {
                        return quotaId;
                    }
                }
            }
        }
        return null;
    }

    private static String errorInfoReason(JsonArray details) {
        for (JsonObject detail : JsonFields.objects(details)) {
            if (ERROR_INFO.equals(JsonFields.text(detail, "@type"))) {
                return JsonFields.text(detail, "reason");
            }
        }
        return null;
    }
}
