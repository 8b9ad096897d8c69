package io.imagequeue.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TaskMetricsTest {

    @Test
    void theInFlightGaugeKeepsReportingAfterGarbageCollection() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicInteger running = new AtomicInteger();
        new TaskMetrics(registry).inFlight(running::get);
        running.set(3);

        for (int i = 0; i < 5; i++) {
            System.gc();
        }

        assertThat(registry.get("imagequeue.worker.in.flight.tasks").gauge().value()).isEqualTo(3.0);
    }
}
