package io.imagequeue.simulator.stability;

import io.imagequeue.simulator.core.Refusal;
import io.imagequeue.simulator.http.Json;
import io.imagequeue.simulator.http.SimResponse;

import java.util.List;
import java.util.UUID;

/**
 * Stability error bodies: v2beta {@code {"id","name","errors":[...]}}, v1 {@code {"id","name","message"}}.
 * No rate-limit headers are documented, so none are sent; the 60 s time-out is stated in the message.
 */
final class StabilityErrors {

    private StabilityErrors() {
    }

    static SimResponse v2(int status, String name, String error) {
        return SimResponse.json(status, Json.obj("id", id(), "name", name, "errors", List.of(error)));
    }

    static SimResponse v1(int status, String name, String message) {
        return SimResponse.json(status, Json.obj("id", id(), "name", name, "message", message));
    }

    static SimResponse contentModeration() {
        return v2(403, "content_moderation", "Your request was flagged by our content moderation system, as a result "
                + "your request was denied and you were not charged.");
    }

    /** The same refusals in either API generation's body shape. */
    static SimResponse refusal(Refusal refusal, boolean v1) {
        return switch (refusal.kind()) {
            case HANG -> SimResponse.hangForever();
            case INSUFFICIENT_CREDITS -> body(v1, 402, "payment_required", "You lack sufficient credits to make this "
                    + "request. Please purchase more credits at https://platform.stability.ai/account/credits and try again.");
            case INTERNAL_ERROR -> body(v1, 500, "internal_error", "An unexpected server error has occurred, please try "
                    + "again later.");
            case UNAVAILABLE -> body(v1, 503, "service_unavailable", "The service is temporarily unavailable, please try "
                    + "again later.");
            case RATE_LIMITED, TOO_MANY_CONCURRENT -> body(v1, 429, "rate_limit_exceeded", "You have exceeded the rate "
                    + "limit" + (refusal.limit() == null ? "" : " of " + refusal.limit() + " requests per minute")
                    + (refusal.retryAfterSeconds() == null ? "." : ", and have been timed out for "
                    + refusal.retryAfterSeconds() + " seconds."));
        };
    }

    private static SimResponse body(boolean v1, int status, String name, String text) {
        return v1 ? v1(status, name, text) : v2(status, name, text);
    }

    private static String id() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
