package io.imagequeue.api.limits;

import io.imagequeue.api.errors.ApiException;
import io.imagequeue.model.error.ErrorType;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** Why a submission was not admitted, each rendered as the contract's error. */
public sealed interface Refusal {

    /**
     * Retry-After for a key at its in-flight limit: a slot frees when one of its tasks finishes,
     * which no one can predict, so the client is told to look again soon.
     */
    long IN_FLIGHT_RETRY_SECONDS = 1;

    ApiException toException();

    /** The key submitted its requests-per-minute already in this window. */
    record RequestRate(KeyQuota quota) implements Refusal {
        @Override
        public ApiException toException() {
            return new ApiException(ErrorType.RATE_LIMIT, "rate_limit_exceeded", null,
                    "Rate limit reached for this API key: " + quota.limit() + " requests per minute. "
                            + "Retry after " + Math.max(1, quota.resetSeconds()) + " s.",
                    withRetryAfter(quota, Math.max(1, quota.resetSeconds())), Map.of());
        }
    }

    /** The key has as many tasks queued or running as it may. */
    record InFlight(int maxInFlight, KeyQuota quota) implements Refusal {
        @Override
        public ApiException toException() {
            return new ApiException(ErrorType.RATE_LIMIT, "too_many_tasks_in_flight", null,
                    "This API key already has " + maxInFlight + " tasks queued or running, its limit. "
                            + "Retry when one of them finished.",
                    withRetryAfter(quota, IN_FLIGHT_RETRY_SECONDS), Map.of());
        }
    }

    /** The tenant's balance does not cover the request's worst-case cost. */
    record Quota(BigDecimal cost) implements Refusal {
        @Override
        public ApiException toException() {
            return new ApiException(ErrorType.INSUFFICIENT_QUOTA, "insufficient_quota", null,
                    "Not enough credits for this request: it may cost up to " + cost.stripTrailingZeros().toPlainString()
                            + ". Check your balance with GET /v2/usage.");
        }
    }

    private static Map<String, String> withRetryAfter(KeyQuota quota, long retryAfterSeconds) {
        Map<String, String> headers = new LinkedHashMap<>(quota.headers());
        headers.put("Retry-After", Long.toString(retryAfterSeconds));
        return headers;
    }
}
