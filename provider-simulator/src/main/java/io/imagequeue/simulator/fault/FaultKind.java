package io.imagequeue.simulator.fault;

import java.util.Arrays;
import java.util.Optional;

/**
 * The fault vocabulary shared by prompt markers ({@code [sim:429:retry-after=3]}) and the {@code x-sim-fault}
 * header. Each protocol translates a kind into its own wire shape (status, body, task status).
 */
public enum FaultKind {
    /** The provider rejects the prompt/input as unsafe before generating. */
    MODERATE_INPUT("moderate-input"),
    /** The provider generates but flags the output as unsafe. Optional value: the moderation reason. */
    MODERATE_OUTPUT("moderate-output"),
    /** HTTP 500 with the provider's internal-error body. */
    ERROR_500("error-500"),
    /** HTTP 503 with the provider's overloaded/unavailable body. */
    ERROR_503("error-503"),
    /** HTTP 429 with the provider's rate-limit body; parameter {@code retry-after=<seconds>} adds the hint. */
    RATE_LIMITED("429"),
    /** The HTTP request is never answered (until the simulator closes): exercises client timeouts. */
    HANG("hang"),
    /** HTTP 200 whose body is truncated JSON (or, for raw-bytes answers, not an image). */
    MALFORMED("malformed"),
    /** Overrides the sampled latency with the given milliseconds ({@code latency=5000}). */
    LATENCY("latency"),
    /** The first call with this prompt fails with a 500, later ones succeed: exercises retries. */
    FAIL_ONCE("fail-once"),
    /** The first N calls with this prompt fail with a 500 ({@code fail-times=3}). */
    FAIL_TIMES("fail-times"),
    /** The account is out of credits / quota (BFL 402, OpenAI insufficient_quota, …). */
    INSUFFICIENT_CREDITS("insufficient-credits"),
    /** An async task ends in the provider's failed state (BFL {@code Error}, DashScope {@code FAILED}). */
    TASK_ERROR("error"),
    /** An async task never leaves its pending/running state. */
    STUCK("stuck"),
    /** The first N polls of an async task answer "not found" (BFL 404 {@code Task not found}). */
    POLL_NOT_FOUND("poll-not-found"),
    /** Gemini answers with a text refusal and no image (HTTP 200, finishReason STOP). */
    TEXT_ONLY("text-only");

    private final String marker;

    FaultKind(String marker) {
        this.marker = marker;
    }

    public String marker() {
        return marker;
    }

    public static Optional<FaultKind> byMarker(String marker) {
        return Arrays.stream(values()).filter(k -> k.marker.equalsIgnoreCase(marker)).findFirst();
    }
}
