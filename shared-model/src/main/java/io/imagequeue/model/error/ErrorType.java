package io.imagequeue.model.error;

/**
 * The contract's error kinds: each pairs the {@code error.type} string clients see with its HTTP
 * status.
 *
 * <p>Several statuses share a wire type ({@code invalid_request_error} for 400, 413 and 415) because
 * OpenAI SDKs branch on the status and show the type, so both must match what they expect.
 */
public enum ErrorType {
    /** Bad JSON, a missing or invalid field, a size or parameter the model does not allow, a prompt too long. */
    INVALID_REQUEST("invalid_request_error", 400),
    /** Missing or unknown API key. */
    AUTHENTICATION("authentication_error", 401),
    /** Not enough credits for the request. */
    INSUFFICIENT_QUOTA("insufficient_quota", 402),
    /** A revoked key, or a key not allowed the model. */
    PERMISSION("permission_error", 403),
    /** Unknown model, unknown task, or a task of another tenant (indistinguishable on purpose). */
    NOT_FOUND("not_found_error", 404),
    /** The same {@code Idempotency-Key} with a different body, or cancelling a finished task. */
    CONFLICT("conflict_error", 409),
    /** A body or input image over the size limit. */
    PAYLOAD_TOO_LARGE("invalid_request_error", 413),
    /** An unsupported content type or image format. */
    UNSUPPORTED_MEDIA_TYPE("invalid_request_error", 415),
    /** A per-key request rate or in-flight limit was exceeded; the response carries {@code Retry-After}. */
    RATE_LIMIT("rate_limit_error", 429),
    /** A bug; the response never carries a stack trace or class name. */
    SERVER("server_error", 500),
    /** The upstream provider failed after all retries. */
    PROVIDER("provider_error", 502),
    /** A dependency (database, queue, storage) is down; the response carries {@code Retry-After}. */
    UNAVAILABLE("service_unavailable", 503),
    /** A synchronous call outlived its wait; the body also carries {@code task_address}. */
    TIMEOUT("timeout_error", 504);

    private final String wire;
    private final int status;

    ErrorType(String wire, int status) {
        this.wire = wire;
        this.status = status;
    }

    /** The {@code error.type} value in the response body. */
    public String wire() {
        return wire;
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }
}
