package io.imagequeue.simulator.bfl;

import io.imagequeue.simulator.render.RenderSpec;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One submitted task. Its fate is decided at submit time (from faults); what a poll sees depends only on the
 * clock, so polling never changes the outcome.
 */
final class BflTask {

    /** How the task ends. */
    enum Fate {
        READY, REQUEST_MODERATED, CONTENT_MODERATED, ERROR, STUCK
    }

    final String id;
    final BflSubmission submission;
    final Fate fate;
    final String moderationReason;
    final boolean malformedResult;
    final long createdAtMs;
    final long finishesAtMs;
    private final AtomicInteger notFoundPollsLeft;
    private final AtomicReference<String> sampleUrl = new AtomicReference<>();

    BflTask(String id, BflSubmission submission, Fate fate, String moderationReason, boolean malformedResult,
            long createdAtMs, long finishesAtMs, int notFoundPolls) {
        this.id = id;
        this.submission = submission;
        this.fate = fate;
        this.moderationReason = moderationReason;
        this.malformedResult = malformedResult;
        this.createdAtMs = createdAtMs;
        this.finishesAtMs = finishesAtMs;
        this.notFoundPollsLeft = new AtomicInteger(notFoundPolls);
    }

    /** Consumes one of the transient "Task not found" answers, if any are left. */
    boolean takeNotFoundPoll() {
        return notFoundPollsLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    boolean finishedAt(long nowMs) {
        return fate != Fate.STUCK && nowMs >= finishesAtMs;
    }

    /** Share of the latency elapsed, 0..0.99, as BFL reports while {@code Pending}. */
    double progressAt(long nowMs) {
        if (fate == Fate.STUCK || finishesAtMs <= createdAtMs) {
            return 0.0;
        }
        double share = (double) (nowMs - createdAtMs) / (finishesAtMs - createdAtMs);
        return Math.round(Math.max(0, Math.min(0.99, share)) * 100) / 100.0;
    }

    RenderSpec renderSpec() {
        return RenderSpec.of(submission.prompt(), submission.seed(), submission.width(), submission.height(),
                submission.format());
    }

    /** The result URL, signed once on first need so every poll shows the same one. */
    String sampleUrl(java.util.function.Supplier<String> issue) {
        return sampleUrl.updateAndGet(existing -> existing != null ? existing : issue.get());
    }
}
