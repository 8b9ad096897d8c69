package io.imagequeue.simulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.imagequeue.simulator.ProviderSimulator;
import io.imagequeue.simulator.SimulatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.imagequeue.simulator.SimHttp.delete;
import static io.imagequeue.simulator.SimHttp.get;
import static io.imagequeue.simulator.SimHttp.json;
import static io.imagequeue.simulator.SimHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;

class AdminRoutesTest {

    private static ProviderSimulator sim;

    @BeforeAll
    static void start() {
        sim = ProviderSimulator.start(SimulatorConfig.defaults());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void freshState() {
        sim.reset();
    }

    @Test
    void healthIsUp() {
        assertThat(new String(get(sim.baseUrl() + "/health").body())).isEqualTo("{\"status\":\"UP\"}");
        assertThat(sim.baseUrl()).isEqualTo("http://127.0.0.1:" + sim.port());
    }

    @Test
    void configCanBeReadChangedAndReset() {
        JsonNode changed = json(postJson(sim.baseUrl() + "/_sim/config", Map.of(),
                Map.of("provider", "bfl", "model", "flux-dev", "latency_ms", 5)));
        assertThat(changed.at("/providers/bfl/models/flux-dev/latency_ms").asInt()).isEqualTo(5);
        assertThat(sim.settings().effective("bfl", "flux-dev").latencyMs()).isEqualTo(5);

        assertThat(json(get(sim.baseUrl() + "/_sim/config")).at("/providers/bfl/models/flux-dev/latency_ms").asInt())
                .isEqualTo(5);
        delete(sim.baseUrl() + "/_sim/config");
        assertThat(sim.settings().effective("bfl", "flux-dev").latencyMs()).isZero();
    }

    @Test
    void invalidConfigIs400() {
        assertThat(postJson(sim.baseUrl() + "/_sim/config", Map.of(), Map.of("nonsense", 1)).statusCode())
                .isEqualTo(400);
    }

    @Test
    void callLogCanBeFilteredAndCleared() {
        postJson(sim.baseUrl() + "/v1/flux-dev", Map.of("x-key", "k"), Map.of("prompt", "a"));
        postJson(sim.baseUrl() + "/v1/flux-pro-1.1", Map.of("x-key", "k"), Map.of("prompt", "b"));

        assertThat(json(get(sim.baseUrl() + "/_sim/calls")).get("calls")).hasSize(2);
        JsonNode filtered = json(get(sim.baseUrl() + "/_sim/calls?provider=bfl&model=flux-dev&kind=generate"));
        assertThat(filtered.get("calls")).hasSize(1);
        assertThat(filtered.at("/calls/0/at_ms").asLong()).isPositive();

        assertThat(delete(sim.baseUrl() + "/_sim/calls").statusCode()).isEqualTo(204);
        assertThat(json(get(sim.baseUrl() + "/_sim/calls")).get("calls")).isEmpty();
    }

    @Test
    void adminCallsAreNotRecordedAndUnknownPathsAre404() {
        get(sim.baseUrl() + "/health");
        assertThat(get(sim.baseUrl() + "/nowhere").statusCode()).isEqualTo(404);

        assertThat(sim.calls().all()).isEmpty();
    }
}
