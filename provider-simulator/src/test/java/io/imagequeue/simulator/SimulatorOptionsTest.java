package io.imagequeue.simulator;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorOptionsTest {

    @Test
    void commandLineDefaultsAreRealistic() {
        SimulatorConfig config = SimulatorOptions.parse(new String[0], Map.of());

        assertThat(config.port()).isEqualTo(18100);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.altHost()).isEqualTo("localhost");
        assertThat(config.latencyMs()).isEqualTo(2000);
        assertThat(config.maxConcurrent()).isEqualTo(24);
        assertThat(config.resultTtlSeconds()).isEqualTo(600);
    }

    @Test
    void environmentSetsOptionsAndTheCommandLineWins() {
        SimulatorConfig config = SimulatorOptions.parse(
                new String[]{"--latency-ms", "50", "--error-rate=0.25"},
                Map.of("SIM_LATENCY_MS", "900", "SIM_PORT", "0", "SIM_RATE_LIMIT_PER_MINUTE", "30"));

        assertThat(config.latencyMs()).isEqualTo(50);
        assertThat(config.errorRate()).isEqualTo(0.25);
        assertThat(config.port()).isZero();
        assertThat(config.rateLimitPerMinute()).isEqualTo(30);
    }

    @Test
    void unknownOptionsAndBadValuesAreRejected() {
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[]{"--colour", "x"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--colour");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[]{"--port", "abc"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--port");
        assertThatThrownBy(() -> SimulatorOptions.parse(new String[]{"--error-rate", "3"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
