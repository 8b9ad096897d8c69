package io.imagequeue.simulator.dashscope;

import io.imagequeue.simulator.core.Permit;
import io.imagequeue.simulator.render.ImageFormat;
import io.imagequeue.simulator.render.RenderSpec;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One async image-synthesis task. Its fate is fixed at submit; the status a poll sees follows the clock:
 * PENDING for the first fifth of the latency, RUNNING until it has passed, then SUCCEEDED or FAILED.
 */
final class DashScopeTask {

    /** How the task ends. */
    enum Fate {
        SUCCEEDED, OUTPUT_MODERATED, ERROR, STUCK
    }

    final String id;
    final String model;
    final String prompt;
    final String actualPrompt;
    final int width;
    final int height;
    final int n;
    final long seed;
    final Fate fate;
    final boolean malformedResult;
    final long submittedAtMs;
    final long scheduledAtMs;
    final long finishesAtMs;
    final Permit permit;
    private final AtomicBoolean canceled = new AtomicBoolean();
    private final AtomicReference<List<String>> urls = new AtomicReference<>();

    DashScopeTask(String id, String model, String prompt, String actualPrompt, int width, int height, int n, long seed,
                  Fate fate, boolean malformedResult, long submittedAtMs, long latencyMs, Permit permit) {
        this.id = id;
        this.model = model;
        this.prompt = prompt;
        this.actualPrompt = actualPrompt;
        this.width = width;
        this.height = height;
        this.n = n;
        this.seed = seed;
        this.fate = fate;
        this.malformedResult = malformedResult;
        this.submittedAtMs = submittedAtMs;
        this.scheduledAtMs = submittedAtMs + latencyMs / 5;
        this.finishesAtMs = submittedAtMs + latencyMs;
        this.permit = permit;
    }

    String statusAt(long nowMs) {
        if (canceled.get()) {
            return "CANCELED";
        }
        if (nowMs < scheduledAtMs) {
            return "PENDING";
        }
        if (fate == Fate.STUCK || nowMs < finishesAtMs) {
            return "RUNNING";
        }
        return fate == Fate.SUCCEEDED ? "SUCCEEDED" : "FAILED";
    }

    /** Cancels a task that is still PENDING (the only state DashScope lets you cancel). */
    boolean cancel(long nowMs) {
        if (!"PENDING".equals(statusAt(nowMs))) {
            return false;
        }
        canceled.set(true);
        permit.close();
        return true;
    }

    RenderSpec renderSpec(int index) {
        return RenderSpec.of(actualPrompt, seed + index, width, height, ImageFormat.PNG);
    }

    /** Result URLs, signed once on first need so every poll shows the same ones. */
    List<String> urls(java.util.function.Supplier<List<String>> issue) {
        return urls.updateAndGet(existing -> existing != null ? existing : issue.get());
    }
}
