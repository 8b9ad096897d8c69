package io.imagequeue.worker.providers;

/**
 * Where an adapter tells how far its provider is with one attempt, as a share from 0 to 1, when the
 * provider's protocol says so (BFL's {@code progress} while polling, AUTOMATIC1111's
 * {@code /sdapi/v1/progress}). Adapters of providers that report nothing never call it.
 * Implementations return at once and never throw: a report is best effort and must not slow or fail
 * the generation.
 */
@FunctionalInterface
public interface ProgressReport {

    /** Reports nowhere: for calls nobody watches (tests, tools). */
    ProgressReport NONE = fraction -> {
    };

    void report(double fraction);

    /** This report for one part of a job of {@code parts} equal parts, the {@code index}-th (from 0). */
    default ProgressReport part(int index, int parts) {
        if (parts <= 1) {
            return this;
        }
        return fraction -> report((index + fraction) / parts);
    }
}
