package io.imagequeue.worker.providers;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider call that did not produce images, with what to do about it. "Do not retry" is a
 * property of the failure, decided by the adapter that understood the provider's answer.
 */
public class ProviderFailure extends RuntimeException {

    /** What the worker does with a failed attempt. */
    public enum Kind {
        /** Transient (5xx, timeout, connection): try again after a backoff, spending an attempt. */
        RETRY,
        /** The provider is rate limiting: wait (its Retry-After when given) without spending an attempt. */
        SNOOZE,
        /** Retrying the same request cannot help (moderation, invalid input, no credits): fail the task. */
        PERMANENT
    }

    private final Kind kind;
    private final String code;
    private final Duration retryAfter;

    private ProviderFailure(Kind kind, String code, String message, Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public static ProviderFailure retry(String code, String message) {
        return new ProviderFailure(Kind.RETRY, code, message, null);
    }

    public static ProviderFailure snooze(Duration retryAfter, String message) {
        return new ProviderFailure(Kind.SNOOZE, "rate_limited", message, retryAfter);
    }

    public static ProviderFailure permanent(String code, String message) {
        return new ProviderFailure(Kind.PERMANENT, code, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** The wait the provider asked for, when it named one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an expected outcome, not a bug: no stack trace to collect
    }
}
