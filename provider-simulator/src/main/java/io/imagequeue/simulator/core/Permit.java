package io.imagequeue.simulator.core;

/**
 * A slot in the provider's concurrency budget. Sync protocols {@link #close()} it when the response is written;
 * async protocols keep it {@link #holdUntil until the task finishes}, because BFL-style limits count active tasks.
 */
public final class Permit implements AutoCloseable {

    /** A permit that holds nothing, for calls outside any limit. */
    public static final Permit NONE = new Permit();

    private volatile long releaseAtMs = Long.MAX_VALUE;

    /** Whether the slot is still taken at the given time. */
    boolean activeAt(long nowMs) {
        return releaseAtMs > nowMs;
    }

    long releaseAtMs() {
        return releaseAtMs;
    }

    /** Keeps the slot until the given epoch millisecond ({@link Long#MAX_VALUE} = until {@link #close()}). */
    public void holdUntil(long epochMs) {
        releaseAtMs = epochMs;
    }

    @Override
    public void close() {
        releaseAtMs = 0;
    }
}
