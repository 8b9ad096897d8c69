package io.imagequeue.testinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * {@code @QuarkusTestResource(InfrastructureResource.class)} (or {@code @WithTestResource}): points the
 * application under test at the JVM-wide {@link Infrastructure#shared()} servers. {@link #stop()} leaves them
 * running so that the next test class reuses them; a shutdown hook stops them when the JVM exits.
 */
public class InfrastructureResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Infrastructure.shared().quarkusConfig();
    }

    @Override
    public void stop() {
        // the servers outlive one test class: Infrastructure's shutdown hook stops them
    }
}
