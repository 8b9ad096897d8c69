package io.imagequeue.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged command-line client ({@code cli/target/imagequeue.jar}) run as a person runs it: a
 * child process with IMAGEQUEUE_URL and IMAGEQUEUE_API_KEY in its environment, output to files.
 */
final class CliProcess {

    private static final Duration TIMEOUT = Duration.ofMinutes(8);

    record Result(int exitCode, String stdout, String stderr) {
    }

    private final String apiUrl;
    private final String apiKey;
    private final Path workDir;
    private int runs;

    CliProcess(String apiUrl, String apiKey, Path workDir) {
        this.apiUrl = apiUrl;
        this.apiKey = apiKey;
        this.workDir = workDir;
    }

    Result run(String... args) {
        Process process = start(args);
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("imagequeue " + String.join(" ", args) + " did not finish in " + TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return result(process);
    }

    /** Starts the client and returns at once (stdout and stderr go to files read by {@link #result}). */
    Process start(String... args) {
        return start(apiUrl, apiKey, args);
    }

    Process start(String url, String key, String... args) {
        runs++;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx128m", "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(stdout().toFile()).redirectError(stderr().toFile());
        builder.environment().put("IMAGEQUEUE_URL", url);
        builder.environment().put("IMAGEQUEUE_API_KEY", key);
        // No config file of the machine's user leaks in.
        builder.environment().put("XDG_CONFIG_HOME", workDir.resolve("config").toString());
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Result runWith(String url, String key, String... args) {
        Process process = start(url, key, args);
        try {
            process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return result(process);
    }

    Result result(Process process) {
        try {
            return new Result(process.exitValue(), Files.readString(stdout()), Files.readString(stderr()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path stdout() {
        return workDir.resolve("cli-" + runs + ".out");
    }

    private Path stderr() {
        return workDir.resolve("cli-" + runs + ".err");
    }

    private static Path jar() {
        String property = System.getProperty("imagequeue.cli.app");
        Path jar = Path.of(property == null ? "../cli/target/imagequeue.jar" : property);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The client jar " + jar + " is missing: build it with ./mvnw -pl cli package");
        }
        return jar;
    }
}
