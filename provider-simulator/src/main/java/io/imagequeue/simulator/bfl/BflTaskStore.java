package io.imagequeue.simulator.bfl;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Submitted tasks by id. Tasks are forgotten {@value #RETENTION_MS} ms after submission, after which polls answer
 * "Task not found" like an expired BFL id.
 */
final class BflTaskStore {

    static final long RETENTION_MS = 60 * 60 * 1000;

    private final ConcurrentHashMap<String, BflTask> tasks = new ConcurrentHashMap<>();
    private final AtomicLong puts = new AtomicLong();

    void put(BflTask task) {
        tasks.put(task.id, task);
        if (puts.incrementAndGet() % 512 == 0) {
            long cutoff = task.createdAtMs - RETENTION_MS;
            tasks.values().removeIf(t -> t.createdAtMs < cutoff);
        }
    }

    Optional<BflTask> find(String id, long nowMs) {
        BflTask task = tasks.get(id);
        if (task == null || task.createdAtMs < nowMs - RETENTION_MS) {
            return Optional.empty();
        }
        return Optional.of(task);
    }

    void clear() {
        tasks.clear();
    }
}
