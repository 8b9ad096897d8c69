package io.imagequeue.simulator.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficLimiterTest {

    private final TrafficLimiter limiter = new TrafficLimiter();

    private TrafficLimiter.Admission admit(Behaviour provider, Behaviour model, long now) {
        return limiter.tryAdmit("p", "m", provider, model, now);
    }

    @Test
    void rateLimitRefusesTheCallAboveThePerMinuteBudgetWithRetryAfterUntilTheOldestLeavesTheWindow() {
        Behaviour twoPerMinute = Behaviour.UNSET.withRateLimitPerMinute(2);
        admit(twoPerMinute, Behaviour.UNSET, 0).permit().close();
        admit(twoPerMinute, Behaviour.UNSET, 10_000).permit().close();

        TrafficLimiter.Admission third = admit(twoPerMinute, Behaviour.UNSET, 20_000);

        assertThat(third.admitted()).isFalse();
        assertThat(third.refusal().kind()).isEqualTo(Refusal.Kind.RATE_LIMITED);
        assertThat(third.refusal().retryAfterSeconds()).isEqualTo(40);
        assertThat(admit(twoPerMinute, Behaviour.UNSET, 60_001).admitted()).isTrue();
    }

    @Test
    void concurrencyCountsPermitsUntilClosedOrTheirHoldTimePasses() {
        Behaviour one = Behaviour.UNSET.withMaxConcurrent(1);
        TrafficLimiter.Admission first = admit(one, Behaviour.UNSET, 0);
        first.permit().holdUntil(5_000);

        TrafficLimiter.Admission second = admit(one, Behaviour.UNSET, 1_000);
        assertThat(second.refusal().kind()).isEqualTo(Refusal.Kind.TOO_MANY_CONCURRENT);
        assertThat(second.refusal().retryAfterSeconds()).isEqualTo(4);
        assertThat(admit(one, Behaviour.UNSET, 5_000).admitted()).isTrue();
    }

    @Test
    void aModelLimitAppliesOnTopOfTheAccountLimit() {
        Behaviour account = Behaviour.UNSET.withMaxConcurrent(10);
        Behaviour model = Behaviour.UNSET.withMaxConcurrent(1);
        admit(account, model, 0);

        assertThat(admit(account, model, 0).admitted()).isFalse();
        assertThat(limiter.tryAdmit("p", "other", account, Behaviour.UNSET, 0).admitted()).isTrue();
    }

    @Test
    void lockoutRefusesEverythingForItsDurationAfterARateLimitHit() {
        Behaviour limited = Behaviour.UNSET.withRateLimitPerMinute(1).withLockoutSeconds(60);
        admit(limited, Behaviour.UNSET, 0).permit().close();
        assertThat(admit(limited, Behaviour.UNSET, 1_000).refusal().retryAfterSeconds()).isEqualTo(60);

        assertThat(admit(limited, Behaviour.UNSET, 60_500).admitted()).isFalse();
        assertThat(admit(limited, Behaviour.UNSET, 61_001).admitted()).isTrue();
    }
}
