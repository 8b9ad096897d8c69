package io.imagequeue.worker.progress;

import io.imagequeue.simulator.ProviderSimulator;
import io.imagequeue.simulator.SimulatorConfig;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The provider simulator on a free port, with the worker's BFL and AUTOMATIC1111 clients pointed at it. */
public class SimulatorResource implements QuarkusTestResourceLifecycleManager {

    private ProviderSimulator simulator;

    @Override
    public Map<String, String> start() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withRandomSeed(7L));
        return Map.of(
                "imagequeue.providers.bfl.base-url", simulator.baseUrl(),
                "imagequeue.providers.bfl.api-key", "bfl-test-key",
                "imagequeue.providers.bfl.poll-interval", "PT0.1S",
                "imagequeue.providers.automatic1111.base-url", simulator.baseUrl(),
                "imagequeue.providers.automatic1111.poll-interval", "PT0.1S");
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
