package io.imagequeue.worker.providers;

import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import java.net.ConnectException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeoutException;

/** The failure classes every HTTP provider shares; adapters handle their own special answers first. */
public final class HttpFailures {

    private HttpFailures() {
    }

    /** Classifies a non-2xx answer by its status alone. */
    public static ProviderFailure fromStatus(String provider, HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status == 429) {
            return ProviderFailure.snooze(retryAfter(response), provider + " is rate limiting (429)");
        }
        if (status == 408 || status >= 500) {
            return ProviderFailure.retry("provider_unavailable", provider + " answered HTTP " + status);
        }
        if (status == 401 || status == 403) {
            return ProviderFailure.permanent("provider_auth_failed", provider + " refused the gateway's credentials");
        }
        if (status == 402) {
            return ProviderFailure.permanent("provider_quota_exhausted", provider + " has no credits left for this key");
        }
        return ProviderFailure.permanent("provider_rejected_request", provider + " rejected the request (HTTP " + status + ")");
    }

    /** Connection errors and timeouts are transient; anything already classified passes through. */
    public static Throwable classify(String provider, Throwable failure) {
        if (failure instanceof ProviderFailure) {
            return failure;
        }
        if (failure instanceof TimeoutException || failure instanceof ConnectException
                || failure instanceof io.netty.channel.ConnectTimeoutException
                || failure instanceof java.io.IOException
                || failure instanceof io.vertx.core.VertxException) {
            return ProviderFailure.retry("provider_unreachable", provider + " could not be reached: " + failure.getMessage());
        }
        return ProviderFailure.retry("provider_call_failed", provider + " call failed: " + failure.getMessage());
    }

    /** {@code retry-after-ms}, else {@code Retry-After} in seconds or as an HTTP date; null when absent. */
    public static Duration retryAfter(HttpResponse<Buffer> response) {
        String millis = response.getHeader("retry-after-ms");
        if (millis != null) {
            try {
                return Duration.ofMillis((long) Double.parseDouble(millis.trim()));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String value = response.getHeader("Retry-After");
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }
}
