package io.imagequeue.worker.dispatch;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * How many progress writes the whole worker has on the database pool at once. Claims, leases and
 * outcomes share that pool; with hundreds of tasks in flight, one write a second each could queue
 * in front of them. A write over the budget is not made (a failure its attempt logs at debug),
 * and the attempt's next report, a second later at the earliest, tries again.
 */
@ApplicationScoped
public class ProgressWriteBudget {

    /** A quarter of the default reactive pool (16): progress never holds most of its connections. */
    static final int MAX_CONCURRENT_WRITES = 4;

    /** The write that was not made because the budget was spent. */
    static final class Spent extends RuntimeException {
        Spent() {
            super("progress write budget spent", null, false, false);
        }
    }

    private final AtomicInteger inFlight = new AtomicInteger();
    private final int max;

    public ProgressWriteBudget() {
        this(MAX_CONCURRENT_WRITES);
    }

    ProgressWriteBudget(int max) {
        this.max = max;
    }

    /** {@code write} on subscription if the budget allows, else a {@link Spent} failure; its place is kept until it ends. */
    Uni<Boolean> write(Supplier<Uni<Boolean>> write) {
        return Uni.createFrom().deferred(() -> {
            if (inFlight.incrementAndGet() > max) {
                inFlight.decrementAndGet();
                return Uni.createFrom().failure(new Spent());
            }
            Uni<Boolean> started;
            try {
                started = write.get();
            } catch (RuntimeException e) {
                inFlight.decrementAndGet();
                return Uni.createFrom().failure(e);
            }
            return started.onTermination().invoke(inFlight::decrementAndGet);
        });
    }
}
