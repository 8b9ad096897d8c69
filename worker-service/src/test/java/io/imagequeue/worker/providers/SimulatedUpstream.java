package io.imagequeue.worker.providers;

import io.imagequeue.simulator.ProviderSimulator;
import io.imagequeue.simulator.SimulatorConfig;
import io.imagequeue.simulator.calls.CallKind;
import io.imagequeue.simulator.calls.CallLog;
import io.imagequeue.simulator.calls.CallRecord;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.util.List;

/**
 * The provider simulator running in-process on a free port, plus the Vert.x client the adapters use
 * (configured like {@link ProviderHttp}'s). One per test class; {@link #reset()} between tests.
 */
public final class SimulatedUpstream implements AutoCloseable {

    private final ProviderSimulator simulator;
    private final Vertx vertx;
    private final WebClient http;

    private SimulatedUpstream(ProviderSimulator simulator, Vertx vertx, WebClient http) {
        this.simulator = simulator;
        this.vertx = vertx;
        this.http = http;
    }

    public static SimulatedUpstream start() {
        ProviderSimulator simulator = ProviderSimulator.start(SimulatorConfig.defaults().withRandomSeed(42L));
        Vertx vertx = Vertx.vertx();
        WebClient http = WebClient.create(vertx, new WebClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setConnectTimeout(5_000)
                .setFollowRedirects(true)
                .setTryUseCompression(true)
                .setUserAgent("imagequeue-worker-test"));
        return new SimulatedUpstream(simulator, vertx, http);
    }

    public WebClient http() {
        return http;
    }

    public ProviderSimulator simulator() {
        return simulator;
    }

    /** Settings pointing at the simulator, with a key it accepts. */
    public TestProviderSettings settings() {
        return TestProviderSettings.pointingAt(simulator.baseUrl());
    }

    public CallLog calls() {
        return simulator.calls();
    }

    /** How many generation calls (submits or sync generations) reached the provider. */
    public int generations(String provider) {
        return simulator.calls().countGenerations(provider, null);
    }

    public List<CallRecord> callsOf(String provider, CallKind kind) {
        return simulator.calls().find(CallLog.matching(provider, null, kind));
    }

    public void reset() {
        simulator.reset();
    }

    @Override
    public void close() {
        http.close();
        vertx.closeAndAwait();
        simulator.close();
    }
}
