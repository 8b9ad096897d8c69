package io.imagequeue.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStateTest {

    @TempDir
    Path dir;

    @Test
    void aNewFolderStartsARunWithAFreshId() {
        try (RunState first = RunState.open(dir.resolve("a")); RunState second = RunState.open(dir.resolve("b"))) {
            assertThat(first.runId()).isNotEqualTo(second.runId());
            assertThat(first.item("x").status()).isEqualTo(RunState.Status.PENDING);
        }
    }

    @Test
    void reopeningTheFolderResumesEveryLineWhereItWas() {
        String runId;
        try (RunState state = RunState.open(dir)) {
            runId = state.runId();
            state.submitted("a", "tsk_a");
            state.submitted("b", "tsk_b");
            state.succeeded("a", List.of("a.png"));
            state.submitted("c", "tsk_c");
            state.failed("c", "It failed.");
        }

        try (RunState resumed = RunState.open(dir)) {
            assertThat(resumed.runId()).isEqualTo(runId);
            assertThat(resumed.item("a").status()).isEqualTo(RunState.Status.SUCCEEDED);
            assertThat(resumed.item("a").files()).containsExactly("a.png");
            assertThat(resumed.item("b").status()).isEqualTo(RunState.Status.SUBMITTED);
            assertThat(resumed.item("b").taskAddress()).isEqualTo("tsk_b");
            assertThat(resumed.item("c").error()).isEqualTo("It failed.");
            assertThat(resumed.item("d").status()).isEqualTo(RunState.Status.PENDING);
        }
    }

    @Test
    void theIdempotencyKeyStaysTheSameAcrossReRunsOfTheFolder() {
        String key;
        try (RunState state = RunState.open(dir)) {
            key = state.idempotencyKey("poster-1");
        }
        try (RunState resumed = RunState.open(dir)) {
            assertThat(resumed.idempotencyKey("poster-1")).isEqualTo(key).contains(resumed.runId()).endsWith("poster-1");
            assertThat(resumed.idempotencyKey("poster-2")).isNotEqualTo(key);
        }
    }

    @Test
    void retryingAFailedLineMakesItPendingUnderANewKey() {
        String firstKey;
        try (RunState state = RunState.open(dir)) {
            firstKey = state.idempotencyKey("a");
            state.submitted("a", "tsk_a");
            state.failed("a", "moderated");
            state.retry("a");
        }
        try (RunState resumed = RunState.open(dir)) {
            assertThat(resumed.item("a").status()).isEqualTo(RunState.Status.PENDING);
            assertThat(resumed.item("a").taskAddress()).isNull();
            assertThat(resumed.idempotencyKey("a")).isNotEqualTo(firstKey).endsWith("-2");
        }
    }

    @Test
    void aLineTornByAKillIsIgnoredAndTheNextEventStartsItsOwnLine() throws Exception {
        try (RunState state = RunState.open(dir)) {
            state.submitted("a", "tsk_a");
        }
        Path file = dir.resolve(RunState.FILE_NAME);
        Files.writeString(file, "{\"event\":\"succeeded\",\"id\":\"a\",\"fil", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (RunState resumed = RunState.open(dir)) {
            assertThat(resumed.item("a").status()).isEqualTo(RunState.Status.SUBMITTED);
            resumed.succeeded("a", List.of("a.png"));
        }
        try (RunState again = RunState.open(dir)) {
            assertThat(again.item("a").status()).isEqualTo(RunState.Status.SUCCEEDED);
        }
    }

    @Test
    void aStateFileWithoutARunIdIsReportedNotOverwritten() throws Exception {
        Files.writeString(dir.resolve(RunState.FILE_NAME), "garbage\n");

        assertThatThrownBy(() -> RunState.open(dir)).isInstanceOf(CliException.class)
                .hasMessageContaining("is damaged (no run id): move it away");
        assertThat(Files.readString(dir.resolve(RunState.FILE_NAME))).isEqualTo("garbage\n");
    }

    @Test
    void resultsListEveryLineWithItsTaskStatusFilesAndError() throws Exception {
        List<PromptLine> lines = PromptFiles.parse("one\ntwo\nthree\n", PromptFiles.Format.TEXT, "p.txt");
        try (RunState state = RunState.open(dir)) {
            state.submitted("line-0001", "tsk_1");
            state.succeeded("line-0001", List.of("line-0001.png"));
            state.failed("line-0002", "Bad size.");

            ResultsFile.write(dir, lines, state);
        }

        assertThat(Files.readAllLines(dir.resolve("results.jsonl"))).containsExactly(
                "{\"custom_id\":\"line-0001\",\"line\":1,\"task_address\":\"tsk_1\",\"status\":\"succeeded\",\"files\":[\"line-0001.png\"],\"error\":null}",
                "{\"custom_id\":\"line-0002\",\"line\":2,\"task_address\":null,\"status\":\"failed\",\"files\":[],\"error\":\"Bad size.\"}",
                "{\"custom_id\":\"line-0003\",\"line\":3,\"task_address\":null,\"status\":\"pending\",\"files\":[],\"error\":null}");
    }
}
