package io.imagequeue.model.error;

/**
 * What an exception needs to expose to be rendered as the contract's
 * {@code {"error": {"message", "type", "param", "code"}}} body, so one mapper can serve every
 * validation failure.
 */
public interface ContractError {

    /** The error kind, which fixes the HTTP status and {@code error.type}. */
    ErrorType type();

    /** The request parameter at fault, or null when none is. */
    String param();

    /** The machine-readable {@code error.code}, or null. */
    String code();

    /** The human-readable {@code error.message}; never a class name or stack trace. */
    String getMessage();
}
