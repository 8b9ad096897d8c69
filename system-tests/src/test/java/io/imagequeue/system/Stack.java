package io.imagequeue.system;

import io.imagequeue.testinfra.FreePorts;
import io.imagequeue.testinfra.Infrastructure;
import io.imagequeue.testinfra.ManagedProcess;
import io.imagequeue.testinfra.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.awaitility.Awaitility;

/**
 * The whole service as separate processes, as it runs in production: the packaged API and workers
 * and the provider simulator, on real PostgreSQL, Kafka and S3 started by test-infra.
 */
final class Stack implements AutoCloseable {

    static final String API_KEY = "iq_system_0123456789abcdefghij";
    static final String TENANT = "tenant-system";
    /** The admin API's token in the system tests. */
    static final String ADMIN_TOKEN = "system-admin-token-0123456789abcdef";
    /** The consumer group every worker joins (the worker's mp.messaging group.id). */
    private static final String WORKER_GROUP = "imagequeue-workers";
    // Generous: on a machine busy with parallel builds a service has taken over 100 s to start.
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Infrastructure infrastructure;
    private final ManagedProcess simulator;
    private final ManagedProcess api;
    private final List<ManagedProcess> workers = new ArrayList<>();
    private final List<ManagedProcess> extraApis = new ArrayList<>();
    private final int simulatorPort;
    private final int apiPort;

    private final Map<String, String> extraWorkerSettings;
    /** Environment for both the API and the workers, such as a tracing exporter or the log format. */
    private final Map<String, String> extraServiceSettings;
    /** Environment that points the API and the workers at a store of the test's own, or nothing. */
    private final Map<String, String> storageSettings;

    private Stack(int workerCount, Map<String, String> workerSettings, Map<String, String> serviceSettings,
                  S3Server storage) {
        extraServiceSettings = serviceSettings;
        extraWorkerSettings = workerSettings;
        storageSettings = storage == null ? Map.of() : Map.of("IMAGEQUEUE_STORAGE_ENDPOINT", storage.endpoint());
        infrastructure = Infrastructure.shared();
        simulatorPort = FreePorts.next();
        apiPort = FreePorts.next();
        simulator = ManagedProcess.java("simulator")
                .jvmArgs("-Xmx256m", "-XX:+UseSerialGC", "-Djava.awt.headless=true")
                .jar(app("imagequeue.simulator.app"))
                .args("--port", String.valueOf(simulatorPort), "--latency-ms", "300", "--latency-jitter-ms", "100")
                .logDir(logDir())
                .start();
        api = startApi("api", apiPort);
        for (int i = 1; i <= workerCount; i++) {
            workers.add(startWorker(i, workerSettings));
        }
        simulator.awaitHttpOk(simulatorUrl() + "/health", START_TIMEOUT);
        api.awaitHttpOk(apiUrl() + "/q/health/ready", START_TIMEOUT);
        for (ManagedProcess worker : workers) {
            worker.awaitHttpOk("http://127.0.0.1:" + workerPort(worker) + "/q/health/ready", START_TIMEOUT);
        }
        awaitBalancedWorkers();
    }

    static Stack start(int workerCount) {
        return new Stack(workerCount, Map.of(), Map.of(), null);
    }

    /** A stack whose workers get extra environment, such as rate-limit overrides or a short drain. */
    static Stack start(int workerCount, Map<String, String> workerSettings) {
        return new Stack(workerCount, workerSettings, Map.of(), null);
    }

    /**
     * A stack whose API and workers store images in {@code storage} instead of the shared store, so
     * that a test may stop and restart it without disturbing the other test classes.
     */
    static Stack start(int workerCount, Map<String, String> workerSettings, S3Server storage) {
        return new Stack(workerCount, workerSettings, Map.of(), storage);
    }

    /** A stack whose API and workers both get extra environment, such as a tracing exporter or the log format. */
    static Stack withServiceSettings(int workerCount, Map<String, String> serviceSettings) {
        return new Stack(workerCount, Map.of(), serviceSettings, null);
    }

    /**
     * Starts another API process on the same infrastructure (as a second replica behind a load
     * balancer would run), waits until it is ready and answers its address.
     */
    String addApi() {
        int port = FreePorts.next();
        ManagedProcess replica = startApi("api-" + (extraApis.size() + 2), port);
        extraApis.add(replica);
        String url = "http://127.0.0.1:" + port;
        replica.awaitHttpOk(url + "/q/health/ready", START_TIMEOUT);
        return url;
    }

    /** The API replicas {@link #addApi} started, in order. */
    List<ManagedProcess> apiReplicas() {
        return List.copyOf(extraApis);
    }

    private ManagedProcess startApi(String name, int port) {
        return ManagedProcess.java(name)
                .jvmArgs("-Xmx256m", "-XX:+UseSerialGC")
                .jar(app("imagequeue.api.app"))
                .env(infrastructure.environment())
                .env(storageSettings)
                .env("QUARKUS_HTTP_PORT", String.valueOf(port))
                .env("IMAGEQUEUE_BOOTSTRAP_API_KEY", API_KEY)
                .env("IMAGEQUEUE_BOOTSTRAP_TENANT", TENANT)
                // The shared system tenant runs every suite's tasks: its credits and its key's default
                // limits must not run out. Tests of credits and limits make their own tenants and keys.
                .env("IMAGEQUEUE_BOOTSTRAP_CREDITS", "1000000")
                .env("IMAGEQUEUE_LIMITS_REQUESTS_PER_MINUTE", "1000000")
                .env("IMAGEQUEUE_LIMITS_MAX_IN_FLIGHT", "1000000")
                .env("IMAGEQUEUE_ADMIN_TOKEN", ADMIN_TOKEN)
                .env("IMAGEQUEUE_TASKS_OUTBOX_GRACE", "PT2S")
                .env(extraServiceSettings)
                .logDir(logDir())
                .start();
    }

    /** Starts one more worker with the same settings and waits until it is ready. */
    ManagedProcess addWorker() {
        return addWorker(extraWorkerSettings);
    }

    /**
     * Starts one more worker with the given extra environment (which may set a provider's base URL,
     * as a user pointing one provider elsewhere would) and waits until it is ready.
     */
    ManagedProcess addWorker(Map<String, String> settings) {
        ManagedProcess worker = startWorker(workers.size() + 1, settings);
        workers.add(worker);
        worker.awaitHttpOk("http://127.0.0.1:" + workerPort(worker) + "/q/health/ready", START_TIMEOUT);
        return worker;
    }

    /**
     * Waits until the workers' consumer group has settled on the workers alive now: every one of
     * them a member with partitions, and no rebalance under way. A worker is ready before it joins
     * the group, and a killed worker stays a member until its session times out; a test that needs
     * each worker to hold its share of the partitions waits for this.
     */
    void awaitBalancedWorkers() {
        long alive = workers.stream().filter(ManagedProcess::isAlive).count();
        if (alive == 0) {
            return;
        }
        try (Admin admin = Admin.create(infrastructure.kafka().clientProperties())) {
            Awaitility.await("the consumer group settles on " + alive + " workers").atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(WORKER_GROUP))
                                .describedGroups().get(WORKER_GROUP).get();
                        return group.groupState() == GroupState.STABLE && group.members().size() == alive
                                && group.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty());
                    });
        }
    }

    String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    /** The health and metrics address of a running worker. */
    String workerUrl(ManagedProcess worker) {
        return "http://127.0.0.1:" + workerPort(worker);
    }

    String simulatorUrl() {
        return "http://127.0.0.1:" + simulatorPort;
    }

    Infrastructure infrastructure() {
        return infrastructure;
    }

    /** The first API process (its log file, for tests of what it logs). */
    ManagedProcess api() {
        return api;
    }

    List<ManagedProcess> workers() {
        return workers;
    }

    private final Map<ManagedProcess, Integer> workerPorts = new HashMap<>();

    private int workerPort(ManagedProcess worker) {
        return workerPorts.get(worker);
    }

    private ManagedProcess startWorker(int index, Map<String, String> settings) {
        int port = FreePorts.next();
        ManagedProcess.Builder builder = ManagedProcess.java("worker-" + index)
                .jvmArgs("-Xmx256m", "-XX:+UseSerialGC", "-Djava.awt.headless=true")
                .jar(app("imagequeue.worker.app"))
                .env(infrastructure.environment())
                .env(storageSettings)
                .env("QUARKUS_HTTP_PORT", String.valueOf(port))
                .env("IMAGEQUEUE_DISPATCH_LEASE", "PT10S")
                .env("IMAGEQUEUE_DISPATCH_LEASE_RENEWAL", "PT3S")
                .env("IMAGEQUEUE_RETRY_INITIAL_BACKOFF", "PT0.2S")
                .env("IMAGEQUEUE_REAPER_INTERVAL", "2s")
                .env(extraServiceSettings)
                .env(settings)
                .logDir(logDir());
        for (String provider : List.of("BFL", "OPENAI", "GEMINI", "DASHSCOPE", "STABILITY", "IDEOGRAM", "AUTOMATIC1111")) {
            String baseUrl = "IMAGEQUEUE_PROVIDERS_" + provider + "_BASE_URL";
            builder.env(baseUrl, settings.getOrDefault(baseUrl, simulatorUrl()))
                    .env("IMAGEQUEUE_PROVIDERS_" + provider + "_API_KEY", "sim-key")
                    .env("IMAGEQUEUE_PROVIDERS_" + provider + "_POLL_INTERVAL", "PT0.1S");
        }
        ManagedProcess worker = builder.start();
        workerPorts.put(worker, port);
        return worker;
    }

    private static Path app(String property) {
        String location = System.getProperty(property);
        if (location == null || !Files.isRegularFile(Path.of(location))) {
            throw new IllegalStateException(property + " does not point at a packaged application: " + location
                    + " (run the tests through Maven: ./mvnw verify)");
        }
        return Path.of(location);
    }

    private static Path logDir() {
        return Path.of("target", "stack-logs");
    }

    @Override
    public void close() {
        workers.stream().filter(ManagedProcess::isAlive).forEach(ManagedProcess::terminate);
        extraApis.forEach(ManagedProcess::terminate);
        api.terminate();
        simulator.terminate();
    }
}
