package io.imagequeue.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it before any server answers: usage errors, exit statuses, messages. */
class ImageQueueCliTest {

    @TempDir
    Path dir;

    private record Outcome(int exitCode, String out, String err) {
    }

    private Outcome run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ImageQueueCli.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Map<String, String> noConfig() {
        return Map.of("XDG_CONFIG_HOME", dir.toString());
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : new String[] {"models", "generate", "run", "tasks", "task", "cancel", "usage"}) {
            Outcome help = run(noConfig(), command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).as(command).contains("Usage: imagequeue " + command, "Example");
        }
    }

    @Test
    void aMissingOptionIsAUsageErrorThatPointsAtHelp() {
        Outcome outcome = run(noConfig(), "generate", "a cat");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("Missing required option: '--model=MODEL'", "Run 'imagequeue generate --help'");
    }

    @Test
    void noServerConfiguredIsOneSentence() {
        Outcome outcome = run(noConfig(), "models");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("imagequeue: No server address: set IMAGEQUEUE_URL").hasLineCount(1);
    }

    @Test
    void aServerThatIsNotThereIsOneSentenceAndVerboseAddsTheCause() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.toString(), "IMAGEQUEUE_URL", "http://127.0.0.1:" + port,
                "IMAGEQUEUE_API_KEY", "k");

        Outcome plain = run(env, "models");
        Outcome verbose = run(env, "models", "--verbose");

        assertThat(plain.exitCode()).isEqualTo(2);
        assertThat(plain.err()).isEqualTo("imagequeue: Could not reach imagequeue at http://127.0.0.1:" + port
                + " (connection refused): is the server running? Check --url or IMAGEQUEUE_URL." + System.lineSeparator());
        assertThat(verbose.err()).hasLineCount(2).contains("ConnectException").doesNotContain("\tat ");
    }

    @Test
    void aBadLineInThePromptFileStopsTheRunBeforeAnythingIsSent() throws Exception {
        Path prompts = dir.resolve("p.jsonl");
        Files.writeString(prompts, "{\"prompt\": \"ok\"}\nnot json\n");
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.toString(), "IMAGEQUEUE_URL", "http://127.0.0.1:9",
                "IMAGEQUEUE_API_KEY", "k");

        Outcome outcome = run(env, "run", prompts.toString(), "--model", "dall-e-3", "--out", dir.resolve("out").toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("imagequeue: Line 2 of p.jsonl is not valid JSON").hasLineCount(1);
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aSizeThatIsNotWidthByHeightIsRefused() {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.toString(), "IMAGEQUEUE_URL", "http://127.0.0.1:9",
                "IMAGEQUEUE_API_KEY", "k");

        Outcome outcome = run(env, "generate", "a cat", "--model", "dall-e-3", "--size", "big");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).isEqualTo("imagequeue: --size must look like 1024x768 (width x height) or 'auto', not 'big'."
                + System.lineSeparator());
    }

    @Test
    void aLinesRequestIsTheDefaultsThenItsOwnFieldsThenAsyncBatch() {
        PromptLine line = new PromptLine(1, "a", Map.of("prompt", "a cat", "size", "512x512"));

        assertThat(BatchRun.requestBody(line, Map.of("model", "dall-e-2", "size", "256x256")).toString())
                .contains("\"model\":\"dall-e-2\"", "\"size\":\"512x512\"", "\"prompt\":\"a cat\"", "\"async\":true",
                        "\"priority\":\"batch\"");
    }
}
