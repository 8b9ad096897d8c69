package io.imagequeue.simulator.core;

/**
 * Why the simulator refuses a generation call before any protocol-specific work, to be rendered by the protocol
 * in its own wire shape.
 *
 * @param kind              the kind of refusal
 * @param retryAfterSeconds hint for 429s (null = the protocol sends no hint)
 * @param cause             what triggered it, for the call log ({@code 429}, {@code rate-limit}, {@code fail-once}, …)
 * @param limit             the configured limit that was exceeded, when one was (for messages and headers)
 */
public record Refusal(Kind kind, Long retryAfterSeconds, String cause, Integer limit) {

    /** The kinds of refusal each protocol must be able to express. */
    public enum Kind {
        /** Never answer (the {@code hang} fault). */
        HANG,
        /** The account has no credits/quota left: terminal for the key. */
        INSUFFICIENT_CREDITS,
        /** The provider's 500. */
        INTERNAL_ERROR,
        /** The provider's 503 (overloaded / maintenance). */
        UNAVAILABLE,
        /** Too many requests per time window (or a {@code 429} marker). */
        RATE_LIMITED,
        /** Too many requests in flight / tasks active. */
        TOO_MANY_CONCURRENT
    }
}
