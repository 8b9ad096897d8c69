package io.imagequeue.testinfra;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An S3-compatible store: the s3proxy fat jar ({@code org.gaul:s3proxy:4.1.0:jar-with-dependencies}) as a
 * child JVM on a free loopback port, with real SigV4 checks (identity {@code imagequeue}, credential
 * {@code imagequeue-secret}), region {@code us-east-1}.
 *
 * <p>The default backend is {@code transient-nio2} (in memory): {@link #stop()} + {@link #start()} keep the
 * port but lose buckets and objects. {@link #persistent()} uses {@code filesystem-nio2} in a directory under
 * {@code java.io.tmpdir} instead, so buckets and objects survive a stop/start.
 *
 * <p>To stage an outage of the store (stop, keep it down, start it again on the same port and data), use a
 * {@link #persistent()} store of the test's own: the {@link Infrastructure#shared() shared} store is in memory,
 * and other test classes of the JVM rely on its bucket and objects.
 *
 * <p>The jar is {@code -Dimagequeue.s3proxy.jar}, else the copy in the local Maven repository
 * ({@code maven.repo.local} or {@code ~/.m2/repository}); the test-infra build puts it there.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "imagequeue";
    public static final String SECRET_KEY = "imagequeue-secret";
    public static final String REGION = "us-east-1";
    static final String S3PROXY_VERSION = "4.1.0";

    private final int port;
    private final Path workDir;
    private final Path dataDir;
    private final Path logFile;
    private final Remote remote;
    private Process process;
    private boolean closed;
    private final Thread shutdownHook = new Thread(this::destroyProcess, "s3proxy-shutdown");

    private S3Server(boolean persistent) {
        this.port = FreePorts.next();
        this.workDir = TempDirs.create("s3proxy-" + port + "-");
        this.dataDir = persistent ? workDir.resolve("data") : null;
        this.logFile = workDir.resolve("s3proxy.log");
        this.remote = null;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    S3Server(Remote remote) {
        this.remote = remote;
        this.port = remote.<Integer>call("port");
        this.workDir = null;
        this.dataDir = null;
        this.logFile = remote.call("logFile");
    }

    /** An in-memory store (not yet started). */
    public S3Server() {
        this(false);
    }

    /** A store that keeps its buckets and objects on disk across {@link #stop()}/{@link #start()} (not yet started). */
    public static S3Server persistent() {
        return new S3Server(true);
    }

    /** A started in-memory store. */
    public static S3Server started() {
        return new S3Server().start();
    }

    /** The s3proxy fat jar this class runs. */
    public static Path jar() {
        String explicit = System.getProperty("imagequeue.s3proxy.jar");
        if (explicit != null && !explicit.isBlank()) {
            Path jar = Path.of(explicit);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("-Dimagequeue.s3proxy.jar=" + explicit + " does not exist");
            }
            return jar;
        }
        String repo = System.getProperty("maven.repo.local");
        Path repoDir = repo != null && !repo.isBlank()
                ? Path.of(repo)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path jar = repoDir.resolve(Path.of("org", "gaul", "s3proxy", S3PROXY_VERSION,
                "s3proxy-" + S3PROXY_VERSION + "-jar-with-dependencies.jar"));
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        // a reactor build whose local repository is configured elsewhere: test-infra's own copy
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path copy = dir.resolve(Path.of("test-infra", "target", "s3proxy", "s3proxy.jar"));
            if (Files.isRegularFile(copy)) {
                return copy;
            }
        }
        throw new IllegalStateException("s3proxy jar not found at " + jar + ": build test-infra first ("
                + "./mvnw -pl test-infra install), or set -Dimagequeue.s3proxy.jar=<path>");
    }

    /** Starts s3proxy and waits until it listens; no-op when running. */
    public synchronized S3Server start() {
        if (remote != null) {
            remote.call("start");
            return this;
        }
        if (closed) {
            throw new IllegalStateException("S3Server is closed");
        }
        if (process != null && process.isAlive()) {
            return this;
        }
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(javaBin.toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=48m",
                "-Djava.io.tmpdir=" + workDir,
                "-jar", jar().toString(),
                "--properties", "/dev/stdin"));
        StringBuilder props = new StringBuilder()
                .append("s3proxy.endpoint=").append(endpoint()).append('\n')
                .append("s3proxy.authorization=aws-v2-or-v4\n")
                .append("s3proxy.identity=").append(ACCESS_KEY).append('\n')
                .append("s3proxy.credential=").append(SECRET_KEY).append('\n');
        if (dataDir != null) {
            props.append("jclouds.provider=filesystem-nio2\n")
                    .append("jclouds.filesystem.basedir=").append(dataDir).append('\n');
        } else {
            props.append("jclouds.provider=transient-nio2\n");
        }
        try {
            if (dataDir != null) {
                Files.createDirectories(dataDir);
            }
            Files.writeString(logFile, "--- starting s3proxy on port " + port + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(props.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start s3proxy", e);
        }
        try {
            FreePorts.awaitListening(port, Duration.ofSeconds(60), process, "s3proxy (log " + logFile + ")");
        } catch (RuntimeException e) {
            destroyProcess();
            throw new IllegalStateException(e.getMessage() + "\n" + ManagedProcess.tail(logFile, 40), e);
        }
        return this;
    }

    /** Stops s3proxy (SIGTERM, then SIGKILL after 10 s); the port is kept for {@link #start()}. */
    public synchronized void stop() {
        if (remote != null) {
            remote.call("stop");
            return;
        }
        destroyProcess();
        FreePorts.awaitClosed(port, Duration.ofSeconds(10));
    }

    private synchronized void destroyProcess() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public synchronized boolean isRunning() {
        if (remote != null) {
            return remote.<Boolean>call("isRunning");
        }
        return process != null && process.isAlive();
    }

    /** Stops s3proxy and deletes its stored objects (the log stays under {@code java.io.tmpdir}). */
    @Override
    public synchronized void close() {
        if (remote != null) {
            remote.call("close");
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        destroyProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // called from a shutdown hook
        }
        TempDirs.deleteQuietly(dataDir);
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return REGION;
    }

    public Path logFile() {
        return logFile;
    }

    /** The s3proxy process id, or -1 when stopped. */
    public synchronized long pid() {
        if (remote != null) {
            return remote.<Long>call("pid");
        }
        return process == null ? -1 : process.pid();
    }

    @Override
    public String toString() {
        return "S3Server[" + endpoint() + (isRunning() ? "" : ", stopped") + "]";
    }
}
