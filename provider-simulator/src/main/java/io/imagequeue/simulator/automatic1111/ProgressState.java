package io.imagequeue.simulator.automatic1111;

import io.imagequeue.simulator.http.Json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server-global job state behind {@code GET /sdapi/v1/progress}: A1111 runs one job at a time, so there is
 * exactly one current job (or none).
 */
final class ProgressState {

    private static final DateTimeFormatter JOB_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    // A lock rather than synchronized/wait, so a waiting virtual thread never pins its carrier (JDK 21).
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition interruptedSignal = lock.newCondition();
    private long startedAtMs;
    private long latencyMs;
    private int steps;
    private boolean running;
    private boolean interrupted;
    private int jobNumber;

    void begin(long nowMs, long latencyMs, int steps) {
        lock.lock();
        try {
            this.startedAtMs = nowMs;
            this.latencyMs = latencyMs;
            this.steps = steps;
            this.running = true;
            this.interrupted = false;
            this.jobNumber++;
        } finally {
            lock.unlock();
        }
    }

    void end() {
        lock.lock();
        try {
            running = false;
        } finally {
            lock.unlock();
        }
    }

    void interrupt() {
        lock.lock();
        try {
            if (running) {
                interrupted = true;
                interruptedSignal.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the job's latency unless interrupted (then returns early, like A1111's partial result). */
    void awaitCompletion(long nowMs) throws InterruptedException {
        lock.lock();
        try {
            long remaining = TimeUnit.MILLISECONDS.toNanos(nowMs + latencyMs - System.currentTimeMillis());
            while (!interrupted && remaining > 0) {
                remaining = interruptedSignal.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    Map<String, Object> toJson(long nowMs) {
        lock.lock();
        try {
            return describe(nowMs);
        } finally {
            lock.unlock();
        }
    }

    private Map<String, Object> describe(long nowMs) {
        double progress = !running ? 0.0 : latencyMs <= 0 ? 0.99
                : Math.min(0.99, (double) (nowMs - startedAtMs) / latencyMs);
        double eta = !running ? 0.0 : Math.max(0, (startedAtMs + latencyMs - nowMs) / 1000.0);
        int step = (int) Math.floor(progress * steps);
        Map<String, Object> state = Json.obj("skipped", false, "interrupted", interrupted,
                "job", running ? "txt2img" : "", "job_count", running ? 1 : 0,
                "job_timestamp", running ? JOB_TIMESTAMP.format(Instant.ofEpochMilli(startedAtMs)) : "0",
                "job_no", running ? 0 : jobNumber, "sampling_step", running ? step : 0,
                "sampling_steps", running ? steps : 0);
        return Json.obj("progress", Math.round(progress * 1000) / 1000.0, "eta_relative", eta, "state", state,
                "current_image", null, "textinfo", null);
    }
}
