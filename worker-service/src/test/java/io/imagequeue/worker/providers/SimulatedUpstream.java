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
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The provider simulator running in-process on a free port, plus the Vert.x client the adapters use
 * (configured like {@link ProviderHttp}'s). A JUnit extension: register it on a static field and it
 * starts once for the test class, stops after it, and forgets every call and fault between tests.
 * <pre>{@code @RegisterExtension static final SimulatedUpstream upstream = new SimulatedUpstream();}</pre>
 */
public final class SimulatedUpstream implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private ProviderSimulator simulator;
    private Vertx vertx;
    private WebClient http;

    @Override
    public void beforeAll(ExtensionContext context) {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withRandomSeed(42L));
        vertx = Vertx.vertx();
        http = WebClient.create(vertx, new WebClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setConnectTimeout(5_000)
                .setFollowRedirects(true)
                .setTryUseCompression(true)
                .setUserAgent("imagequeue-worker-test"));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        simulator.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        http.close();
        vertx.closeAndAwait();
        simulator.close();
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

}
