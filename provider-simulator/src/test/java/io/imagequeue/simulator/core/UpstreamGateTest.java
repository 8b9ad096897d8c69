package io.imagequeue.simulator.core;

import io.imagequeue.simulator.fault.FailureCounter;
import io.imagequeue.simulator.fault.FaultPlan;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamGateTest {

    private final RuntimeSettings settings = new RuntimeSettings(new Behaviour(100L, 0L, 0.0, 0, 1, 0, "*"),
            Map.of(), Map.of(), 600, 0);
    private final UpstreamGate gate = new UpstreamGate(settings, new TrafficLimiter(), new FailureCounter(), new Random(1));

    private UpstreamGate.Decision check(String prompt) {
        return gate.check("p", "m", FaultPlan.parse(prompt, null), prompt, 0);
    }

    @Test
    void explicitMarkersWinOverConfiguredLimitsAndDoNotUseASlot() {
        assertThat(check("[sim:429:retry-after=2]").refusal().retryAfterSeconds()).isEqualTo(2);
        assertThat(check("[sim:error-503]").refusal().kind()).isEqualTo(Refusal.Kind.UNAVAILABLE);
        assertThat(check("[sim:insufficient-credits]").refusal().kind()).isEqualTo(Refusal.Kind.INSUFFICIENT_CREDITS);
        assertThat(check("[sim:hang]").refusal().kind()).isEqualTo(Refusal.Kind.HANG);

        assertThat(check("fine").refused()).isFalse();
    }

    @Test
    void proceedingCallsHoldTheirSlotUntilClosed() {
        UpstreamGate.Decision first = check("one");

        assertThat(check("two").refusal().kind()).isEqualTo(Refusal.Kind.TOO_MANY_CONCURRENT);
        first.permit().close();
        assertThat(check("three").refused()).isFalse();
    }

    @Test
    void errorRateOfOneFailsEveryCallWithoutKeepingItsSlot() {
        settings.setGlobal(Behaviour.UNSET.withErrorRate(1.0));

        assertThat(check("a").refusal().cause()).isEqualTo("error-rate");
        assertThat(check("b").refusal().cause()).isEqualTo("error-rate");
    }

    @Test
    void latencyIsTheMarkerOrTheMeanPlusBoundedJitter() {
        assertThat(check("[sim:latency=5]").latencyMs()).isEqualTo(5);
        settings.setGlobal(Behaviour.UNSET.withLatencyJitterMs(50L).withMaxConcurrent(0));
        for (int i = 0; i < 50; i++) {
            assertThat(check("x" + i).latencyMs()).isBetween(50L, 150L);
        }
    }

    @Test
    void failTimesFailsTheFirstNCallsForTheSamePrompt() {
        settings.setGlobal(Behaviour.UNSET.withMaxConcurrent(0));

        assertThat(check("[sim:fail-times=2]").refused()).isTrue();
        assertThat(check("[sim:fail-times=2]").refused()).isTrue();
        assertThat(check("[sim:fail-times=2]").refused()).isFalse();
    }
}
