package io.imagequeue.cli;

/**
 * A failure the user can act on: one sentence for the terminal, an exit status, and (for --verbose)
 * what lies behind it. Every handled failure ends as one of these, so no stack trace reaches the user.
 */
public final class CliException extends RuntimeException {

    private final int exitCode;
    private final String detail;

    public CliException(int exitCode, String message, String detail) {
        super(message);
        this.exitCode = exitCode;
        this.detail = detail;
    }

    public CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }

    public int exitCode() {
        return exitCode;
    }

    /** What --verbose adds: the server's answer, the underlying exception. May be null. */
    public String detail() {
        return detail;
    }
}
