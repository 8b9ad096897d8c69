package io.imagequeue.simulator.fault;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remembers how many calls each {@code fail-once}/{@code fail-times} key has already seen, so the first N calls
 * fail and the retries after them succeed.
 */
public final class FailureCounter {

    private final ConcurrentHashMap<String, AtomicInteger> seen = new ConcurrentHashMap<>();

    /** Counts this call and says whether it is one of the first {@code times} calls for the key. */
    public boolean shouldFail(String key, long times) {
        int count = seen.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return count <= times;
    }

    public void clear() {
        seen.clear();
    }
}
