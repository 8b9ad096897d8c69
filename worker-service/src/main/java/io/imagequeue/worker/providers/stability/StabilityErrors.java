package io.imagequeue.worker.providers.stability;

import io.imagequeue.worker.providers.FailureCodes;
import io.imagequeue.worker.providers.JsonFields;
import io.imagequeue.worker.providers.ProviderFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Classifies Stability's errors: v1 {@code {"id", "name", "message"}} and v2beta
 * {@code {"id", "name", "errors": [...]}}. Stability locks a key out for 60 seconds after a 429 and
 * sends no Retry-After, so that is the wait when none is named.
 */
final class StabilityErrors {

    static final Duration RATE_LIMIT_LOCKOUT = Duration.ofSeconds(60);
    private static final String NAME = "Stability";

    private StabilityErrors() {
    }

    static ProviderFailure classify(int status, JsonObject body, Duration retryAfter) {
        String name = JsonFields.text(body, "name", "");
        String message = message(body);
        if ("content_moderation".equals(name) || isFilteredPrompt(name, message)) {
            return ProviderFailure.permanent(FailureCodes.CONTENT_MODERATED,
                    "Stability's content moderation refused this request (" + name + ").");
        }
        if (status == 429) {
            return ProviderFailure.snooze(retryAfter != null ? retryAfter : RATE_LIMIT_LOCKOUT,
                    NAME + " is rate limiting (429)");
        }
        if (status == 402) {
            return ProviderFailure.permanent(FailureCodes.QUOTA_EXHAUSTED, "The Stability account has no credits left.");
        }
        if (status == 401 || status == 403) {
            return ProviderFailure.permanent(FailureCodes.AUTH_FAILED, NAME + " refused the gateway's credentials");
        }
        if (status == 408 || status >= 500) {
            return ProviderFailure.retry(FailureCodes.UNAVAILABLE, NAME + " answered HTTP " + status);
        }
        if (status == 404) {
            return ProviderFailure.permanent(FailureCodes.MODEL_UNAVAILABLE, NAME + " does not offer this engine");
        }
        return ProviderFailure.permanent(FailureCodes.REJECTED_REQUEST, NAME + " rejected the request (HTTP " + status
                + (name.isEmpty() ? "" : " " + name) + (message != null ? "): " + message : ")"));
    }

    /** v1 refuses a prompt with blocked words as 400 {@code invalid_prompts}, "...contains filtered words". */
    private static boolean isFilteredPrompt(String name, String message) {
        return "invalid_prompts".equals(name) && message != null && message.toLowerCase().contains("filtered");
    }

    private static String message(JsonObject body) {
        String message = JsonFields.text(body, "message");
        if (message != null) {
            return message;
        }
        JsonArray errors = JsonFields.array(body, "errors");
        return errors.isEmpty() ? null : String.valueOf(errors.getValue(0));
    }
}
