package io.imagequeue.simulator.calls;

import java.util.Locale;

/**
 * What an upstream-facing request was for. Tests count {@link #GENERATE} calls ("how many times did the worker
 * submit?"), while polls, downloads and metadata calls are logged for diagnosis but never counted as submits.
 */
public enum CallKind {
    /** A request that starts (async) or performs (sync) one generation; the unit the providers bill and limit. */
    GENERATE,
    /** A status poll of an async task. */
    POLL,
    /** A download of a result URL that the simulator handed out. */
    DOWNLOAD,
    /** Anything else a client may call: credits, model lists, progress, options, cancel. */
    META;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
