package io.imagequeue.model.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    @Test
    void theDefaultRetriesSevenTimesOverAboutADay() {
        RetrySchedule schedule = RetrySchedule.parse(RetrySchedule.DEFAULT);

        assertThat(schedule.delays()).containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
        assertThat(schedule.maxAttempts()).isEqualTo(8);
    }

    @Test
    void theNthFailureWaitsTheNthDelayThenTheDeliveryIsAbandoned() {
        RetrySchedule schedule = RetrySchedule.parse(" PT1S, PT2S ,PT4S");

        assertThat(schedule.afterAttempt(1)).contains(Duration.ofSeconds(1));
        assertThat(schedule.afterAttempt(3)).contains(Duration.ofSeconds(4));
        assertThat(schedule.afterAttempt(4)).isEmpty();
    }

    @Test
    void refusesEntriesThatAreNotPositiveDurationsByName() {
        assertThatThrownBy(() -> RetrySchedule.parse("PT1S,5s")).hasMessageContaining("'5s'");
        assertThatThrownBy(() -> RetrySchedule.parse("PT0S")).hasMessageContaining("positive");
        assertThatThrownBy(() -> RetrySchedule.parse(" ")).hasMessageContaining("empty");
    }
}
