package io.imagequeue.worker.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A call made of several upstream jobs reports each job's progress as its share of the whole. */
class ProgressReportTest {

    @Test
    void theSecondOfTwoPartsFillsTheSecondHalf() {
        List<Double> reports = new ArrayList<>();
        ProgressReport whole = reports::add;

        whole.part(0, 2).report(0.5);
        whole.part(1, 2).report(0.0);
        whole.part(1, 2).report(1.0);

        assertThat(reports).containsExactly(0.25, 0.5, 1.0);
    }

    @Test
    void aCallOfOnePartReportsAsItIs() {
        ProgressReport whole = fraction -> {
        };

        assertThat(whole.part(0, 1)).isSameAs(whole);
    }
}
