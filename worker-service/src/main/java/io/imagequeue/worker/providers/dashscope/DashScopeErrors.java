package io.imagequeue.worker.providers.dashscope;

import io.imagequeue.worker.providers.FailureCodes;
import io.imagequeue.worker.providers.JsonFields;
import io.imagequeue.worker.providers.ProviderFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Classifies DashScope's errors by their {@code code}, both the non-200 body
 * {@code {"request_id", "code", "message"}} and a FAILED task's {@code output.code}.
 */
final class DashScopeErrors {

    private static final String NAME = "DashScope";

    private DashScopeErrors() {
    }

    static ProviderFailure classify(int status, JsonObject body, Duration retryAfter) {
        String code = JsonFields.text(body, "code", "");
        if (isModeration(code)) {
            return moderated(code);
        }
        if (isQuota(code)) {
            return quota(code);
        }
        if (status == 429) {
            return ProviderFailure.snooze(retryAfter, NAME + " is rate limiting (429 " + code + ")");
        }
        if (status == 401 || status == 403) {
            return ProviderFailure.permanent(FailureCodes.AUTH_FAILED, NAME + " refused the gateway's credentials ("
                    + code + ")");
        }
        if (status == 408 || status >= 500) {
            return ProviderFailure.retry(FailureCodes.UNAVAILABLE, NAME + " answered HTTP " + status + " " + code);
        }
        String message = JsonFields.text(body, "message");
        return ProviderFailure.permanent(FailureCodes.REJECTED_REQUEST, NAME + " rejected the request (HTTP " + status
                + " " + code + (message != null ? "): " + message : ")"));
    }

    /** A task that ended FAILED: moderation and invalid input are final, the model's own errors are not. */
    static ProviderFailure taskFailed(String taskId, String code, String message) {
        String safeCode = code == null ? "" : code;
        if (isModeration(safeCode)) {
            return moderated(safeCode);
        }
        if (isQuota(safeCode)) {
            return quota(safeCode);
        }
        if (safeCode.startsWith("InvalidParameter") || safeCode.startsWith("BadRequest")) {
            return ProviderFailure.permanent(FailureCodes.REJECTED_REQUEST, NAME + " rejected task " + taskId + " ("
                    + safeCode + (message != null ? "): " + message : ")"));
        }
        return ProviderFailure.retry(FailureCodes.GENERATION_FAILED, NAME + " task " + taskId + " failed ("
                + (safeCode.isEmpty() ? "no code" : safeCode) + ")");
    }

    /** {@code DataInspectionFailed} and {@code InvalidParameter.DataInspection}: input or output judged inappropriate. */
    private static boolean isModeration(String code) {
        return code.contains("DataInspection");
    }

    /** An account in arrears, or a quota over a period: waiting minutes will not help. */
    private static boolean isQuota(String code) {
        return code.equals("Arrearage") || code.equals("Throttling.AllocationQuota");
    }

    private static ProviderFailure moderated(String code) {
        return ProviderFailure.permanent(FailureCodes.CONTENT_MODERATED,
                "DashScope's content inspection refused this request (" + code + ").");
    }

    private static ProviderFailure quota(String code) {
        return ProviderFailure.permanent(FailureCodes.QUOTA_EXHAUSTED,
                "The DashScope account has no quota left (" + code + ").");
    }
}
