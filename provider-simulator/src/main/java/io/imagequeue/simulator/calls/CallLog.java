package io.imagequeue.simulator.calls;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Every upstream-facing request the simulator answered, in arrival order, so tests can assert how often a
 * worker really called a provider (retries, duplicate deliveries, rate limiting).
 *
 * <p>Bounded at {@value #MAX_RECORDS} records (oldest dropped first) so long benchmark runs cannot exhaust memory.
 */
public final class CallLog {

    static final int MAX_RECORDS = 200_000;

    private final ConcurrentLinkedDeque<CallRecord> records = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();

    public void record(CallRecord record) {
        records.addLast(record);
        if (size.incrementAndGet() > MAX_RECORDS && records.pollFirst() != null) {
            size.decrementAndGet();
        }
    }

    /** All records, ordered by arrival time. */
    public List<CallRecord> all() {
        return find(r -> true);
    }

    /** Records for a provider and (optionally) a model; null arguments match anything. */
    public List<CallRecord> find(String provider, String model) {
        return find(matching(provider, model, null));
    }

    public List<CallRecord> find(Predicate<CallRecord> filter) {
        List<CallRecord> result = new ArrayList<>();
        for (CallRecord record : records) {
            if (filter.test(record)) {
                result.add(record);
            }
        }
        result.sort(Comparator.comparingLong(CallRecord::atMs));
        return result;
    }

    /** Generation calls (submits, sync generations) for a provider and optional model: polls are not counted. */
    public List<CallRecord> generations(String provider, String model) {
        return find(matching(provider, model, CallKind.GENERATE));
    }

    public int countGenerations(String provider, String model) {
        return generations(provider, model).size();
    }

    public void clear() {
        records.clear();
        size.set(0);
    }

    /** A filter; each null argument matches anything. */
    public static Predicate<CallRecord> matching(String provider, String model, CallKind kind) {
        return r -> (provider == null || provider.equals(r.provider()))
                && (model == null || Objects.equals(model, r.model()))
                && (kind == null || kind == r.kind());
    }

    /** The JSON answered by {@code GET /_sim/calls}. */
    public Map<String, Object> toJson(Predicate<CallRecord> filter) {
        return Map.of("calls", find(filter).stream().map(CallRecord::toJson).toList());
    }
}
