package io.imagequeue.worker.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.smallrye.mutiny.Uni;
import java.time.Duration;

/** Waits for an adapter's answer in a test. */
public final class Outcomes {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    private Outcomes() {
    }

    public static GenerationResult success(Uni<GenerationResult> outcome) {
        return outcome.await().atMost(LIMIT);
    }

    /** The failure the adapter ended with; fails the test when it succeeded or failed otherwise. */
    public static ProviderFailure failure(Uni<GenerationResult> outcome) {
        Throwable thrown = catchThrowable(() -> outcome.await().atMost(LIMIT));
        assertThat(thrown).as("the adapter's outcome").isInstanceOf(ProviderFailure.class);
        return (ProviderFailure) thrown;
    }
}
