package io.imagequeue.simulator.fault;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultPlanTest {

    @Test
    void promptWithoutMarkersHasNoFaults() {
        assertThat(FaultPlan.parse("a red fox [in brackets]", null).isEmpty()).isTrue();
    }

    @Test
    void markersCarryValuesAndParameters() {
        FaultPlan plan = FaultPlan.parse("fox [sim:429:retry-after=3] and [sim:latency=5000]", null);

        assertThat(plan.get(FaultKind.RATE_LIMITED).orElseThrow().param("retry-after")).isEqualTo("3");
        assertThat(plan.get(FaultKind.LATENCY).orElseThrow().longValue(0)).isEqualTo(5000);
        assertThat(plan.describe()).isEqualTo("429:retry-after=3,latency=5000");
    }

    @Test
    void headerUsesTheSameVocabularyCommaSeparated() {
        FaultPlan plan = FaultPlan.parse("plain prompt", "moderate-output=Violence, [sim:fail-times=2]");

        assertThat(plan.get(FaultKind.MODERATE_OUTPUT).orElseThrow().value()).isEqualTo("Violence");
        assertThat(plan.get(FaultKind.FAIL_TIMES).orElseThrow().longValue(1)).isEqualTo(2);
    }

    @Test
    void unknownMarkersAndNonNumericValuesAreRejected() {
        assertThatThrownBy(() -> FaultPlan.parse("[sim:explode]", null))
                .isInstanceOf(UnknownFaultException.class).hasMessageContaining("explode");
        assertThatThrownBy(() -> FaultPlan.parse("[sim:latency=soon]", null))
                .isInstanceOf(UnknownFaultException.class);
    }

    @Test
    void failureCounterFailsOnlyTheFirstNCallsPerKey() {
        FailureCounter counter = new FailureCounter();

        assertThat(counter.shouldFail("a", 2)).isTrue();
        assertThat(counter.shouldFail("a", 2)).isTrue();
        assertThat(counter.shouldFail("a", 2)).isFalse();
        assertThat(counter.shouldFail("b", 1)).isTrue();
    }
}
