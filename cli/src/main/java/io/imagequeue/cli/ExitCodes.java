package io.imagequeue.cli;

/** The exit statuses scripts can rely on. */
public final class ExitCodes {

    public static final int OK = 0;
    /** Some lines of a run failed; they are listed at the end. */
    public static final int SOME_FAILED = 1;
    /** A usage error, a configuration error, or the server could not be used at all. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
