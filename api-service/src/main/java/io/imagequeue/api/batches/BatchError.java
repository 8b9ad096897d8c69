package io.imagequeue.api.batches;

/** One entry of a batch's {@code errors.data}: what was wrong, and on which line of the input file. */
public record BatchError(String code, String message, String param, Integer line) {
}
