package io.imagequeue.worker.providers.automatic1111;

import io.imagequeue.worker.providers.FailureCodes;
import io.imagequeue.worker.providers.JsonFields;
import io.imagequeue.worker.providers.ProviderFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Classifies the WebUI's errors, {@code {"error", "detail", "body", "errors"}} or FastAPI's
 * {@code {"detail": ...}}. It has no rate limits of its own; a 429 comes from a proxy in front of it.
 */
final class Automatic1111Errors {

    private static final String NAME = "AUTOMATIC1111";

    private Automatic1111Errors() {
    }

    static ProviderFailure classify(int status, JsonObject body, Duration retryAfter) {
        String message = JsonFields.text(body, "detail");
        if (status == 404 && "Model not found".equals(message)) {
            return ProviderFailure.permanent(FailureCodes.MODEL_UNAVAILABLE,
                    NAME + " does not have the checkpoint this model names");
        }
        if (status == 429) {
            return ProviderFailure.snooze(retryAfter, NAME + " is rate limiting (429)");
        }
        if (status == 401 || status == 403) {
            return ProviderFailure.permanent(FailureCodes.AUTH_FAILED, NAME + " refused the gateway's credentials");
        }
        // 500 is also how CUDA running out of memory shows, which another attempt may not hit.
        if (status == 408 || status >= 500) {
            return ProviderFailure.retry(FailureCodes.UNAVAILABLE, NAME + " answered HTTP " + status
                    + (JsonFields.text(body, "error") != null ? " (" + JsonFields.text(body, "error") + ")" : ""));
        }
        return ProviderFailure.permanent(FailureCodes.REJECTED_REQUEST, NAME + " rejected the request (HTTP " + status
                + (message != null ? "): " + message : ")"));
    }
}
