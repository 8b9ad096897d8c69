package io.imagequeue.simulator;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Command-line entry point: {@code java -jar provider-simulator.jar --port 18100 --latency-ms 2000}. Every option
 * also reads from an environment variable ({@code --latency-ms} ↔ {@code SIM_LATENCY_MS}); options win.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimulatorConfig config;
        try {
            config = SimulatorOptions.parse(args, System.getenv());
        } catch (SimulatorOptions.HelpRequested e) {
            System.out.println(SimulatorOptions.usage());
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("provider-simulator: " + e.getMessage());
            System.err.println(SimulatorOptions.usage());
            System.exit(2);
            return;
        }
        ProviderSimulator simulator = ProviderSimulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "provider-simulator-shutdown"));
        System.out.println("provider-simulator listening on " + simulator.baseUrl());
        System.out.flush();
        stopped.await();
    }

    /** Exposed for tests of option parsing. */
    static SimulatorConfig configFrom(String[] args, Map<String, String> env) {
        return SimulatorOptions.parse(args, env);
    }
}
