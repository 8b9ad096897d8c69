package io.imagequeue.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady stream of async flux tasks from a background thread, as clients keep submitting while a
 * fault happens. Each task's prompt tags its provider calls ({@link SimulatorCalls#taggedLatency}), so
 * a scenario can count the calls made for every task; every {@code failEvery}-th task asks for output
 * moderation, a failure the service must report and never charge.
 */
final class Load implements AutoCloseable {

    private final Tasks tasks;
    private final String scenario;
    private final Duration interval;
    private final int latencyMillis;
    private final int failEvery;
    private final Map<String, String> tagsByAddress = new LinkedHashMap<>();
    private final Set<String> expectedFailures = ConcurrentHashMap.newKeySet();
    private final List<Throwable> errors = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private Load(Tasks tasks, String scenario, Duration interval, int latencyMillis, int failEvery) {
        this.tasks = tasks;
        this.scenario = scenario;
        this.interval = interval;
        this.latencyMillis = latencyMillis;
        this.failEvery = failEvery;
        this.thread = Thread.ofPlatform().name("load-" + scenario).daemon().start(this::submitUntilStopped);
    }

    /**
     * Starts submitting one task every {@code interval}, each taking {@code latencyMillis} upstream;
     * {@code failEvery} 0 means every task should succeed.
     */
    static Load start(Tasks tasks, String scenario, Duration interval, int latencyMillis, int failEvery) {
        return new Load(tasks, scenario, interval, latencyMillis, failEvery);
    }

    private void submitUntilStopped() {
        long next = System.nanoTime();
        for (int i = 1; running; i++) {
            String tag = scenario + "-" + i;
            boolean moderated = failEvery > 0 && i % failEvery == 0;
            String prompt = SimulatorCalls.taggedLatency(tag, latencyMillis)
                    + (moderated ? " [sim:moderate-output]" : "") + " " + scenario + " task " + i;
            try {
                String address = tasks.submitFlux("\"prompt\": \"" + prompt + "\", \"width\": 64, \"height\": 64");
                synchronized (this) {
                    tagsByAddress.put(address, tag);
                }
                if (moderated) {
                    expectedFailures.add(address);
                }
            } catch (Throwable e) {
                synchronized (this) {
                    errors.add(e);
                }
                return;
            }
            next += interval.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    /** How many tasks were accepted so far. */
    synchronized int submitted() {
        return tagsByAddress.size();
    }

    /** Stops submitting and answers every accepted task's address with its tag, in submission order. */
    Map<String, String> stop() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(90));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        synchronized (this) {
            if (!errors.isEmpty()) {
                throw new AssertionError("a submission of the " + scenario + " load failed", errors.get(0));
            }
            return Collections.unmodifiableMap(new LinkedHashMap<>(tagsByAddress));
        }
    }

    /** The tasks that asked for moderation: the only ones that may fail. */
    Set<String> expectedFailures() {
        return Set.copyOf(expectedFailures);
    }

    @Override
    public void close() {
        running = false;
    }
}
