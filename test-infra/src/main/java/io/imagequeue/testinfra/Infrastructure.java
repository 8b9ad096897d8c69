package io.imagequeue.testinfra;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * PostgreSQL, Kafka and S3 for the whole test JVM: started (in parallel) on the first {@link #shared()}
 * call, stopped by a shutdown hook. Several {@code @QuarkusTest} classes and system tests share them.
 */
public final class Infrastructure implements AutoCloseable {

    private static Infrastructure shared;

    private final PostgresServer postgres;
    private final KafkaServer kafka;
    private final S3Server s3;
    private final long startupMillis;

    private Infrastructure(PostgresServer postgres, KafkaServer kafka, S3Server s3, long startupMillis) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.s3 = s3;
        this.startupMillis = startupMillis;
    }

    /**
     * The JVM-wide instance, started on first use. Copies of this class in other class loaders (Quarkus loads
     * test-infra once per test application) all return views of the system class loader's instance.
     */
    public static synchronized Infrastructure shared() {
        if (shared == null) {
            Class<?> owner = Remote.systemCopyOf(Infrastructure.class);
            if (owner != null) {
                shared = attach(new Remote(Remote.invokeStatic(owner, "shared")));
                return shared;
            }
            shared = startAll();
            Infrastructure started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "imagequeue-infrastructure-shutdown"));
        }
        return shared;
    }

    /** Starts a new, independent set of servers (the caller closes it). Prefer {@link #shared()}. */
    public static Infrastructure startAll() {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "infrastructure-start");
            t.setDaemon(true);
            t.setContextClassLoader(Infrastructure.class.getClassLoader());
            return t;
        });
        try {
            CompletableFuture<PostgresServer> pg = async(PostgresServer::started, pool);
            CompletableFuture<KafkaServer> kafka = async(KafkaServer::started, pool);
            CompletableFuture<S3Server> s3 = async(S3Server::started, pool);
            try {
                CompletableFuture.allOf(pg, kafka, s3).join();
            } catch (CompletionException e) {
                // close whatever did come up, then report the first failure
                pg.thenAccept(PostgresServer::close);
                kafka.thenAccept(KafkaServer::close);
                s3.thenAccept(S3Server::close);
                CompletableFuture.allOf(pg, kafka, s3).exceptionally(ignored -> null).join();
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new IllegalStateException("cannot start the test infrastructure: " + cause.getMessage(), cause);
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            Infrastructure infra = new Infrastructure(pg.join(), kafka.join(), s3.join(), millis);
            System.out.println("[test-infra] started in " + millis + " ms: " + infra.postgres + ", " + infra.kafka
                    + ", " + infra.s3);
            return infra;
        } finally {
            pool.shutdown();
        }
    }

    private static Infrastructure attach(Remote owner) {
        return new Infrastructure(new PostgresServer(owner.child("postgres")), new KafkaServer(owner.child("kafka")),
                new S3Server(owner.child("s3")), owner.<Long>call("startupMillis"));
    }

    private static <T> CompletableFuture<T> async(Supplier<T> supplier, ExecutorService pool) {
        return CompletableFuture.supplyAsync(supplier, pool);
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaServer kafka() {
        return kafka;
    }

    public S3Server s3() {
        return s3;
    }

    /** How long starting all three took. */
    public long startupMillis() {
        return startupMillis;
    }

    /** Quarkus config properties pointing an application at these servers. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.username", postgres.username());
        config.put("quarkus.datasource.password", postgres.password());
        config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl());
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("imagequeue.storage.endpoint", s3.endpoint());
        config.put("imagequeue.storage.access-key", s3.accessKey());
        config.put("imagequeue.storage.secret-key", s3.secretKey());
        return config;
    }

    /** The same as {@link #quarkusConfig()}, as environment variables for child processes. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        quarkusConfig().forEach((key, value) -> env.put(toEnvName(key), value));
        return env;
    }

    /** MicroProfile Config's mapping: non-alphanumerics become {@code _}, then upper case. */
    static String toEnvName(String property) {
        StringBuilder sb = new StringBuilder(property.length());
        for (char c : property.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return sb.toString();
    }

    /** Stops all three (S3, Kafka, PostgreSQL); errors are printed, not thrown. */
    @Override
    public void close() {
        closeQuietly(s3);
        closeQuietly(kafka);
        closeQuietly(postgres);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("[test-infra] closing " + closeable + " failed: " + e);
        }
    }

    @Override
    public String toString() {
        return "Infrastructure[" + postgres + ", " + kafka + ", " + s3 + "]";
    }
}
