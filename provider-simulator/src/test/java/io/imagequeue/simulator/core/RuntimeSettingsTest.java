package io.imagequeue.simulator.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuntimeSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RuntimeSettings settings = new RuntimeSettings(
            new Behaviour(100L, 0L, 0.0, 0, 24, 0, "*"), Map.of(), Map.of(), 600, 0);

    @Test
    void narrowerScopesWinFieldByField() throws Exception {
        settings.apply(JSON.readTree("{\"provider\":\"bfl\",\"latency_ms\":50,\"max_concurrent\":3}"));
        settings.apply(JSON.readTree("{\"provider\":\"bfl\",\"model\":\"flux-dev\",\"latency-ms\":5}"));

        assertThat(settings.effective("bfl", "flux-dev").latencyMs()).isEqualTo(5);
        assertThat(settings.effective("bfl", "flux-dev").maxConcurrent()).isEqualTo(3);
        assertThat(settings.effective("bfl", "flux-pro").latencyMs()).isEqualTo(50);
        assertThat(settings.effective("openai", "dall-e-3").latencyMs()).isEqualTo(100);
    }

    @Test
    void nestedFormConfiguresProvidersAndModelsInOneCall() throws Exception {
        settings.apply(JSON.readTree("""
                {"error_rate": 0.5, "result_ttl_seconds": 5,
                 "providers": {"openai": {"rate_limit_per_minute": 10, "models": {"dall-e-3": {"latency_ms": 7}}}}}
                """));

        assertThat(settings.effective("openai", "dall-e-3").latencyMs()).isEqualTo(7);
        assertThat(settings.effective("openai", "dall-e-3").rateLimitPerMinute()).isEqualTo(10);
        assertThat(settings.effective("bfl", null).errorRate()).isEqualTo(0.5);
        assertThat(settings.resultTtlSeconds()).isEqualTo(5);
    }

    @Test
    void nullClearsAnOverrideAndResetRestoresStartup() throws Exception {
        settings.apply(JSON.readTree("{\"provider\":\"bfl\",\"latency_ms\":1}"));
        settings.apply(JSON.readTree("{\"provider\":\"bfl\",\"latency_ms\":null}"));
        assertThat(settings.effective("bfl", null).latencyMs()).isEqualTo(100);

        settings.apply(JSON.readTree("{\"latency_ms\":1}"));
        settings.reset();
        assertThat(settings.effective("bfl", null).latencyMs()).isEqualTo(100);
    }

    @Test
    void unknownKeysAndBadValuesAreRejected() {
        assertThatThrownBy(() -> settings.apply(JSON.readTree("{\"latency\":1}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.apply(JSON.readTree("{\"error_rate\":2}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> settings.apply(JSON.readTree("{\"model\":\"x\",\"latency_ms\":1}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
