package io.imagequeue.worker.providers.openai;

import io.imagequeue.worker.providers.FailureCodes;
import io.imagequeue.worker.providers.JsonFields;
import io.imagequeue.worker.providers.ProviderFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;

/**
 * Classifies OpenAI's non-200 answers, {@code {"error": {"message", "type", "param", "code"}}}.
 * A 429 means two different things: a rate limit (wait) or an exhausted quota (stop).
 */
final class OpenAiErrors {

    private static final String NAME = "OpenAI";
    private static final Set<String> MODERATION = Set.of("moderation_blocked", "content_policy_violation");
    private static final Set<String> QUOTA = Set.of("insufficient_quota", "credit_balance_exhausted", "billing_hard_limit_reached");

    private OpenAiErrors() {
    }

    static ProviderFailure classify(int status, JsonObject body, Duration retryAfter) {
        JsonObject error = JsonFields.object(body, "error");
        // Set.of rejects contains(null), and 5xx bodies carry no code: blank stands for "none".
        String code = JsonFields.text(error, "code", "");
        String type = JsonFields.text(error, "type", "");
        if (MODERATION.contains(code)) {
            return ProviderFailure.permanent(FailureCodes.CONTENT_MODERATED,
                    "OpenAI's safety system refused this request (" + code + ").");
        }
        if (QUOTA.contains(code) || QUOTA.contains(type)) {
            return ProviderFailure.permanent(FailureCodes.QUOTA_EXHAUSTED,
                    "The OpenAI account has no quota left (" + (QUOTA.contains(code) ? code : type) + ").");
        }
        if (status == 429) {
            return ProviderFailure.snooze(retryAfter, NAME + " is rate limiting (429)");
        }
        if (status == 401 || status == 403) {
            // The body may echo part of the key: say nothing of it.
            return ProviderFailure.permanent(FailureCodes.AUTH_FAILED, NAME + " refused the gateway's credentials");
        }
        if (status == 408 || status == 409 || status >= 500) {
            return ProviderFailure.retry(FailureCodes.UNAVAILABLE, NAME + " answered HTTP " + status);
        }
        if (status == 404 && code.equals("model_not_found")) {
            return ProviderFailure.permanent(FailureCodes.MODEL_UNAVAILABLE, NAME + " does not offer this model");
        }
        String message = JsonFields.text(error, "message");
        String param = JsonFields.text(error, "param");
        return ProviderFailure.permanent(FailureCodes.REJECTED_REQUEST, NAME + " rejected the request (HTTP " + status
                + (param != null ? ", parameter " + param : "") + (message != null ? "): " + message : ")"));
    }
}
