package io.imagequeue.worker.providers.ideogram;

import io.imagequeue.worker.providers.FailureCodes;
import io.imagequeue.worker.providers.JsonFields;
import io.imagequeue.worker.providers.ProviderFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;

/** Classifies Ideogram's errors, {@code {"error": "..."}}; a 422 is its safety check refusing the prompt. */
final class IdeogramErrors {

    private static final String NAME = "Ideogram";

    private IdeogramErrors() {
    }

    static ProviderFailure classify(int status, JsonObject body, Duration retryAfter) {
        String message = JsonFields.text(body, "error");
        if (status == 422 && (message == null || message.toLowerCase(Locale.ROOT).contains("safety"))) {
            return ProviderFailure.permanent(FailureCodes.CONTENT_MODERATED,
                    "Ideogram's safety check refused this request.");
        }
        if (status == 429) {
            return ProviderFailure.snooze(retryAfter, NAME + " is rate limiting (429)");
        }
        if (status == 402) {
            return ProviderFailure.permanent(FailureCodes.QUOTA_EXHAUSTED, "The Ideogram account has no credits left.");
        }
        if (status == 401 || status == 403) {
            return ProviderFailure.permanent(FailureCodes.AUTH_FAILED, NAME + " refused the gateway's credentials");
        }
        if (status == 408 || status >= 500) {
            return ProviderFailure.retry(FailureCodes.UNAVAILABLE, NAME + " answered HTTP " + status);
        }
        return ProviderFailure.permanent(FailureCodes.REJECTED_REQUEST, NAME + " rejected the request (HTTP " + status
                + (message != null ? "): " + message : ")"));
    }
}
