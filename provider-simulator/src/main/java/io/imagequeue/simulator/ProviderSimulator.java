package io.imagequeue.simulator;

import com.sun.net.httpserver.HttpServer;
import io.imagequeue.simulator.admin.AdminRoutes;
import io.imagequeue.simulator.automatic1111.Automatic1111Protocol;
import io.imagequeue.simulator.bfl.BflProtocol;
import io.imagequeue.simulator.calls.CallLog;
import io.imagequeue.simulator.core.Behaviour;
import io.imagequeue.simulator.core.Protocol;
import io.imagequeue.simulator.core.RuntimeSettings;
import io.imagequeue.simulator.core.SimulatorContext;
import io.imagequeue.simulator.dashscope.DashScopeProtocol;
import io.imagequeue.simulator.gemini.GeminiProtocol;
import io.imagequeue.simulator.http.RequestDispatcher;
import io.imagequeue.simulator.http.Router;
import io.imagequeue.simulator.ideogram.IdeogramProtocol;
import io.imagequeue.simulator.openai.OpenAiImagesProtocol;
import io.imagequeue.simulator.stability.StabilityProtocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A running simulator: an HTTP server that speaks the upstream image providers' wire protocols, renders real
 * images and injects faults. Start one per test class (port 0) or run {@link SimulatorMain}.
 *
 * <pre>{@code
 * try (ProviderSimulator sim = ProviderSimulator.start(SimulatorConfig.defaults().withLatencyMs(50))) {
 *     String bflBaseUrl = sim.baseUrl();          // point the worker's BFL client here
 *     ...
 *     assertThat(sim.calls().countGenerations("bfl", "flux-dev")).isEqualTo(1);
 * }
 * }</pre>
 */
public final class ProviderSimulator implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final SimulatorContext context;
    private final List<Protocol> protocols;
    private final String baseUrl;

    private ProviderSimulator(HttpServer server, ExecutorService executor, SimulatorContext context,
                              List<Protocol> protocols, String baseUrl) {
        this.server = server;
        this.executor = executor;
        this.context = context;
        this.protocols = protocols;
        this.baseUrl = baseUrl;
    }

    /** Binds, registers every protocol and starts serving; returns once the port accepts connections. */
    public static ProviderSimulator start(SimulatorConfig config) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind " + config.host() + ":" + config.port(), e);
        }
        int port = server.getAddress().getPort();
        String baseUrl = "http://" + hostForUrl(config.host()) + ":" + port;
        String publicBaseUrl = "http://" + hostForUrl(config.altHost()) + ":" + port;

        RuntimeSettings settings = new RuntimeSettings(config.behaviour(), builtInProviderDefaults(),
                builtInModelDefaults(), config.resultTtlSeconds(), config.bflNotFoundPolls());
        Random random = config.randomSeed() == null ? new Random() : new Random(config.randomSeed());
        CallLog calls = new CallLog();
        SimulatorContext context = new SimulatorContext(settings, random, publicBaseUrl, calls);
        context.renderer().warmUp();

        List<Protocol> protocols = List.of(new BflProtocol(context), new OpenAiImagesProtocol(context),
                new GeminiProtocol(context),
                new DashScopeProtocol(context),
                new StabilityProtocol(context),
                new IdeogramProtocol(context), new Automatic1111Protocol(context));
        Router router = new Router();
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        ProviderSimulator simulator = new ProviderSimulator(server, executor, context, protocols, baseUrl);
        new AdminRoutes(calls, settings, simulator::reset).register(router);
        protocols.forEach(protocol -> protocol.register(router));

        server.createContext("/", new RequestDispatcher(router, calls, context));
        server.setExecutor(executor);
        server.start();
        return simulator;
    }

    /** Provider-specific defaults that differ from the global ones (real providers' documented limits). */
    private static Map<String, Behaviour> builtInProviderDefaults() {
        // Stability times a key out for 60 s after it exceeds its rate (only matters once a rate is configured).
        return Map.of("stability", Behaviour.UNSET.withLockoutSeconds(60));
    }

    private static Map<String, Behaviour> builtInModelDefaults() {
        // BFL allows 6 active tasks for flux-kontext-max instead of the account's 24.
        return Map.of("bfl/flux-kontext-max", Behaviour.UNSET.withMaxConcurrent(6));
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** {@code http://<host>:<port>}: the base URL to configure for every provider. */
    public String baseUrl() {
        return baseUrl;
    }

    /** {@code http://<alt-host>:<port>}: the base of links the simulator hands out (polling and result URLs). */
    public String publicBaseUrl() {
        return context.publicBaseUrl();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Every upstream-facing request answered so far. */
    public CallLog calls() {
        return context.calls();
    }

    /** Live settings (latency, error rate, limits, key, URL lifetime), globally or per provider/model. */
    public RuntimeSettings settings() {
        return context.settings();
    }

    /** Back to a fresh start: call log, tasks, limits, fail-once counters and settings. */
    public void reset() {
        context.calls().clear();
        context.resetState();
        context.settings().reset();
        protocols.forEach(Protocol::reset);
    }

    /** Stops serving; hanging requests are released and their connections closed. */
    @Override
    public void close() {
        context.signalShutdown();
        server.stop(0);
        executor.shutdownNow();
    }
}
