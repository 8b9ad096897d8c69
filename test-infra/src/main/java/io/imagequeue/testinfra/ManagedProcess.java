package io.imagequeue.testinfra;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Java application running as a child process of the test JVM ({@code java} of {@code java.home}), with
 * stdout and stderr going to a log file under {@code target/process-logs/}. Every process still alive when
 * the test JVM exits is terminated by a shutdown hook.
 *
 * <pre>{@code
 * ManagedProcess api = ManagedProcess.java("api")
 *         .jvmArgs("-Xmx256m", "-XX:+UseSerialGC")
 *         .jar(Path.of("../api-service/target/quarkus-app/quarkus-run.jar"))
 *         .env(Infrastructure.shared().environment())
 *         .env("QUARKUS_HTTP_PORT", Integer.toString(port))
 *         .start();
 * api.awaitHttpOk("http://127.0.0.1:" + port + "/q/health/ready", Duration.ofSeconds(60));
 * }</pre>
 */
public final class ManagedProcess {

    private static final Set<ManagedProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final Map<String, Integer> LOG_COUNTERS = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ManagedProcess::terminateAll, "managed-process-shutdown"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    private final List<String> command;

    private ManagedProcess(String name, Process process, Path logFile, List<String> command) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.command = command;
    }

    /** A builder for a Java process called {@code name} (used in the log file name and messages). */
    public static Builder java(String name) {
        return new Builder(name);
    }

    /** Builds and starts Java child processes. A builder can start several processes (e.g. a restart). */
    public static final class Builder {
        private final String name;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path jar;
        private String mainClass;
        private String classpath;
        private Path workingDir;
        private Path logDir;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder jvmArgs(String... jvmArgs) {
            this.jvmArgs.addAll(Arrays.asList(jvmArgs));
            return this;
        }

        public Builder jvmArgs(List<String> jvmArgs) {
            this.jvmArgs.addAll(jvmArgs);
            return this;
        }

        /** Runs {@code java [jvmArgs] -jar jar [args]}. */
        public Builder jar(Path jar) {
            this.jar = jar;
            this.mainClass = null;
            return this;
        }

        /** Runs {@code java [jvmArgs] -cp <classpath of this JVM> mainClass [args]}. */
        public Builder mainClass(String mainClass) {
            return mainClass(mainClass, System.getProperty("java.class.path"));
        }

        /** Runs {@code java [jvmArgs] -cp classpath mainClass [args]}. */
        public Builder mainClass(String mainClass, String classpath) {
            this.mainClass = mainClass;
            this.classpath = classpath;
            this.jar = null;
            return this;
        }

        /** Program arguments. */
        public Builder args(String... args) {
            this.args.addAll(Arrays.asList(args));
            return this;
        }

        public Builder args(List<String> args) {
            this.args.addAll(args);
            return this;
        }

        /** Adds environment variables (on top of this JVM's environment). */
        public Builder env(Map<String, String> env) {
            this.env.putAll(env);
            return this;
        }

        public Builder env(String key, String value) {
            this.env.put(key, value);
            return this;
        }

        /** Working directory (default: this JVM's). */
        public Builder workingDir(Path workingDir) {
            this.workingDir = workingDir;
            return this;
        }

        /** Directory of the log file (default: {@code target/process-logs}). */
        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        /** Starts the process; does not wait for it to be ready (see {@link ManagedProcess#awaitHttpOk}). */
        public ManagedProcess start() {
            if (jar == null && mainClass == null) {
                throw new IllegalStateException(name + ": set jar(...) or mainClass(...)");
            }
            if (jar != null && !Files.isRegularFile(jar)) {
                throw new IllegalStateException(name + ": " + jar.toAbsolutePath()
                        + " does not exist (package the module first: ./mvnw -DskipTests package)");
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmArgs);
            if (jvmArgs.stream().noneMatch(a -> a.startsWith("-Djava.io.tmpdir="))) {
                cmd.add("-Djava.io.tmpdir=" + TempDirs.tmpRoot());
            }
            if (jar != null) {
                cmd.add("-jar");
                cmd.add(jar.toAbsolutePath().toString());
            } else {
                cmd.add("-cp");
                cmd.add(classpath);
                cmd.add(mainClass);
            }
            cmd.addAll(args);

            Path dir = logDir != null ? logDir : TempDirs.targetDir().resolve("process-logs");
            int n = LOG_COUNTERS.merge(name, 1, Integer::sum);
            Path log = dir.toAbsolutePath().resolve(n == 1 ? name + ".log" : name + "-" + n + ".log");
            try {
                Files.createDirectories(dir);
                Files.writeString(log, "$ " + String.join(" ", cmd) + System.lineSeparator(), StandardCharsets.UTF_8);
                ProcessBuilder pb = new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                if (workingDir != null) {
                    pb.directory(workingDir.toFile());
                }
                pb.environment().putAll(env);
                ManagedProcess managed = new ManagedProcess(name, pb.start(), log, List.copyOf(cmd));
                managed.process.getOutputStream().close();
                LIVE.add(managed);
                managed.process.onExit().thenRun(() -> LIVE.remove(managed));
                return managed;
            } catch (IOException e) {
                throw new UncheckedIOException(name + ": cannot start " + cmd, e);
            }
        }
    }

    /**
     * Polls {@code url} with GET until it answers 2xx. Fails with the last 40 log lines if the process exits
     * or {@code timeout} passes first.
     */
    public ManagedProcess awaitHttpOk(String url, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " (pid " + pid() + ") exited with code " + process.exitValue()
                        + " before " + url + " answered 2xx; last log lines of " + logFile + ":\n" + logTail(40));
            }
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return this;
                }
                last = "HTTP " + response.statusCode() + " " + abbreviate(response.body());
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " (pid " + pid() + "): " + url + " did not answer 2xx within "
                        + timeout + " (last: " + last + "); last log lines of " + logFile + ":\n" + logTail(40));
            }
            FreePorts.sleep(250);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code; throws if still running. */
    public int exitCode() {
        return process.exitValue();
    }

    public Path logFile() {
        return logFile;
    }

    public List<String> command() {
        return command;
    }

    /** The underlying process (e.g. for {@code onExit()}). */
    public Process process() {
        return process;
    }

    /** SIGTERM and wait up to 30 s for the exit (then SIGKILL). Returns the exit code. */
    public int terminate() {
        return terminate(Duration.ofSeconds(30));
    }

    /** SIGTERM and wait up to {@code timeout} for the exit (then SIGKILL). Returns the exit code. */
    public int terminate(Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return kill();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** SIGKILL (no shutdown hooks run in the child) and wait for the exit. Returns the exit code. */
    public int kill() {
        process.destroyForcibly();
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The last {@code n} lines of the log file. */
    public String logTail(int n) {
        return tail(logFile, n);
    }

    /** The whole log file. */
    public String log() {
        try {
            return Files.readString(logFile, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(Path file, int n) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long pos = length;
            int lines = 0;
            // find the start of the n-th last line, reading backwards
            while (pos > 0) {
                pos--;
                raf.seek(pos);
                if (raf.read() == '\n' && pos != length - 1 && ++lines == n) {
                    pos++;
                    break;
                }
            }
            byte[] bytes = new byte[(int) Math.min(length - pos, 1 << 20)];
            raf.seek(length - bytes.length);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static void terminateAll() {
        List<ManagedProcess> all = new ArrayList<>(LIVE);
        all.forEach(p -> p.process.destroy());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ManagedProcess p : all) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !p.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    p.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.process.destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return "ManagedProcess[" + name + ", pid " + pid() + (isAlive() ? "" : ", exited") + ", log " + logFile + "]";
    }
}
