package io.imagequeue.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;

/** How an attempt's reported progress becomes writes to its task, on a clock the test moves. */
class AttemptProgressTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final List<Double> written = new CopyOnWriteArrayList<>();
    private final DoubleFunction<Uni<Boolean>> store = value -> {
        written.add(value);
        return Uni.createFrom().item(true);
    };

    private AttemptProgress progress(DoubleFunction<Uni<Boolean>> write) {
        return new AttemptProgress("tsk_1", write, clock::get);
    }

    @Test
    void theFirstReportIsWrittenAtOnceAndLaterOnesAtMostOnceASecond() {
        AttemptProgress progress = progress(store);

        progress.report(0.1);
        clock.addAndGet(SECOND / 2);
        progress.report(0.2);
        clock.addAndGet(SECOND / 2);
        progress.report(0.3);
        clock.addAndGet(SECOND / 4);
        progress.report(0.4);

        assertThat(written).containsExactly(0.1, 0.3);
    }

    @Test
    void aThrottledValueIsWrittenByTheNextReportAfterTheSecond() {
        AttemptProgress progress = progress(store);

        progress.report(0.1);
        clock.addAndGet(SECOND / 2);
        progress.report(0.6);
        clock.addAndGet(SECOND);
        progress.report(0.5);

        assertThat(written).containsExactly(0.1, 0.6);
    }

    @Test
    void progressIsNeverLoweredNorWrittenAgainUnchanged() {
        AttemptProgress progress = progress(store);

        progress.report(0.5);
        clock.addAndGet(2 * SECOND);
        progress.report(0.3);
        clock.addAndGet(2 * SECOND);
        progress.report(0.5);

        assertThat(written).containsExactly(0.5);
    }

    @Test
    void valuesOutsideZeroToOneAreIgnored() {
        AttemptProgress progress = progress(store);

        progress.report(-0.1);
        progress.report(1.5);
        progress.report(Double.NaN);
        progress.report(42);

        assertThat(written).isEmpty();
    }

    @Test
    void onlyOneWriteIsInFlightAtATime() {
        List<Double> started = new CopyOnWriteArrayList<>();
        AttemptProgress progress = progress(value -> {
            started.add(value);
            return Uni.createFrom().nothing(); // the database has not answered yet
        });

        progress.report(0.1);
        clock.addAndGet(5 * SECOND);
        progress.report(0.7);

        assertThat(started).containsExactly(0.1);
    }

    @Test
    void aFailedWriteNeitherThrowsNorStopsTheNextOne() {
        List<Double> tried = new CopyOnWriteArrayList<>();
        AttemptProgress progress = progress(value -> {
            tried.add(value);
            return tried.size() == 1 ? Uni.createFrom().failure(new IllegalStateException("database down"))
                    : Uni.createFrom().item(true);
        });

        assertThatCode(() -> progress.report(0.2)).doesNotThrowAnyException();
        clock.addAndGet(SECOND);
        progress.report(0.2);

        assertThat(tried).containsExactly(0.2, 0.2);
    }

    @Test
    void aWriteThatThrowsAtOnceIsContainedToo() {
        AttemptProgress progress = progress(value -> {
            throw new IllegalStateException("pool closed");
        });

        assertThatCode(() -> progress.report(0.2)).doesNotThrowAnyException();
    }

    @Test
    void aWriteTheLeaseGuardRefusedEndsTheWriting() {
        List<Double> tried = new CopyOnWriteArrayList<>();
        AttemptProgress progress = progress(value -> {
            tried.add(value);
            return Uni.createFrom().item(false); // the task is no longer this attempt's
        });

        progress.report(0.2);
        clock.addAndGet(2 * SECOND);
        progress.report(0.6);

        assertThat(tried).containsExactly(0.2);
    }

    @Test
    void nothingIsWrittenOnceTheProviderCallEnded() {
        AttemptProgress progress = progress(store);

        progress.report(0.2);
        progress.end();
        clock.addAndGet(2 * SECOND);
        progress.report(0.9);

        assertThat(written).containsExactly(0.2);
    }
}
