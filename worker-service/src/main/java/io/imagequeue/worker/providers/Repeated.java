package io.imagequeue.worker.providers;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Makes {@code n} images with a provider call that makes fewer: one call after the other rather than
 * all at once, so a task never bursts past the model's rate limit on its own, and the first failure
 * stops the rest.
 */
public final class Repeated {

    private Repeated() {
    }

    /** {@code n} calls of one image each. */
    public static Uni<GenerationResult> sequentially(int n, Supplier<Uni<List<GeneratedImage>>> oneCall) {
        return inBatches(n, 1, ignored -> oneCall.get());
    }

    /** As few calls as a limit of {@code perCall} images allows; each call is told how many to make. */
    public static Uni<GenerationResult> inBatches(int n, int perCall, IntFunction<Uni<List<GeneratedImage>>> call) {
        List<Integer> batches = new ArrayList<>();
        int step = Math.max(1, perCall);
        for (int left = Math.max(1, n); left > 0; left -= step) {
            batches.add(Math.min(step, left));
        }
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(call::apply)
                .collect().in(ArrayList<GeneratedImage>::new, List::addAll)
                .map(images -> new GenerationResult(List.copyOf(images)));
    }
}
