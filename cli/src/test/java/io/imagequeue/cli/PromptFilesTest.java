package io.imagequeue.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptFilesTest {

    @TempDir
    Path dir;

    @Test
    void aTextFileIsOnePromptPerLineNamedByLineNumber() {
        List<PromptLine> lines = PromptFiles.parse("a cat\n\n  a dog  \r\na bird\n", PromptFiles.Format.TEXT, "p.txt");

        assertThat(lines).extracting(PromptLine::customId).containsExactly("line-0001", "line-0003", "line-0004");
        assertThat(lines).extracting(PromptLine::prompt).containsExactly("a cat", "a dog", "a bird");
        assertThat(lines.get(1).lineNumber()).isEqualTo(3);
    }

    @Test
    void jsonlRowsCarryTheirCustomIdAndAnyRequestField() {
        List<PromptLine> lines = PromptFiles.parse("""
                {"custom_id": "poster-1", "prompt": "a poster", "size": "1024x1792", "seed": 7}
                {"prompt": "no id"}
                """, PromptFiles.Format.JSONL, "p.jsonl");

        assertThat(lines.get(0).customId()).isEqualTo("poster-1");
        assertThat(lines.get(0).fields()).isEqualTo(Map.of("prompt", "a poster", "size", "1024x1792", "seed", 7));
        assertThat(lines.get(1).customId()).isEqualTo("line-0002");
    }

    @Test
    void csvTakesAHeaderQuotedCommasAndLineBreaksAndTypesNumbers() {
        List<PromptLine> lines = PromptFiles.parse("""
                custom_id,prompt,n,seed,quality
                a,"a harbour, at night",2,42,hd
                b,"two
                lines \"\"quoted\"\"\",,,
                """, PromptFiles.Format.CSV, "p.csv");

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).fields()).isEqualTo(Map.of("prompt", "a harbour, at night", "n", 2L, "seed", 42L, "quality", "hd"));
        assertThat(lines.get(1).prompt()).isEqualTo("two\nlines \"quoted\"");
        assertThat(lines.get(1).fields()).containsOnlyKeys("prompt");
        assertThat(lines.get(1).lineNumber()).isEqualTo(3);
    }

    @Test
    void theFormatFollowsTheFileName() {
        assertThat(PromptFiles.formatOf(Path.of("x.jsonl"))).isEqualTo(PromptFiles.Format.JSONL);
        assertThat(PromptFiles.formatOf(Path.of("x.NDJSON"))).isEqualTo(PromptFiles.Format.JSONL);
        assertThat(PromptFiles.formatOf(Path.of("x.csv"))).isEqualTo(PromptFiles.Format.CSV);
        assertThat(PromptFiles.formatOf(Path.of("prompts"))).isEqualTo(PromptFiles.Format.TEXT);
    }

    @Test
    void aJsonlLineThatIsNotJsonNamesItsLine() {
        assertThatThrownBy(() -> PromptFiles.parse("{\"prompt\": \"ok\"}\n{prompt: broken\n", PromptFiles.Format.JSONL, "p.jsonl"))
                .isInstanceOf(CliException.class).hasMessageStartingWith("Line 2 of p.jsonl is not valid JSON");
    }

    @Test
    void aJsonlLineThatIsNotAnObjectSaysWhatToWrite() {
        assertThatThrownBy(() -> PromptFiles.parse("[\"a cat\"]\n", PromptFiles.Format.JSONL, "p.jsonl"))
                .hasMessage("Line 1 of p.jsonl is not a JSON object: write one {\"prompt\": \"...\"} per line.");
    }

    @Test
    void aLineWithoutAPromptIsRefused() {
        assertThatThrownBy(() -> PromptFiles.parse("{\"custom_id\": \"x\", \"size\": \"64x64\"}\n", PromptFiles.Format.JSONL, "p.jsonl"))
                .hasMessage("Line 1 of p.jsonl has no prompt: give it a non-empty \"prompt\".");
    }

    @Test
    void aCsvWithoutAPromptColumnSaysWhatTheHeaderNeeds() {
        assertThatThrownBy(() -> PromptFiles.parse("id,text\n1,a cat\n", PromptFiles.Format.CSV, "p.csv"))
                .hasMessageContaining("has no 'prompt' column");
    }

    @Test
    void aCsvRowWithTooManyFieldsAsksForQuotes() {
        assertThatThrownBy(() -> PromptFiles.parse("custom_id,prompt\na,a cat, sitting\n", PromptFiles.Format.CSV, "p.csv"))
                .hasMessage("Line 2 of p.csv has 3 fields but the header names 2: quote fields that contain commas.");
    }

    @Test
    void anUnclosedQuoteIsRefused() {
        assertThatThrownBy(() -> PromptFiles.parse("prompt\n\"a cat\n", PromptFiles.Format.CSV, "p.csv"))
                .hasMessageContaining("Line 2 of p.csv: a quoted field is never closed");
    }

    @Test
    void aRepeatedCustomIdIsRefusedBecauseItNamesTheFile() {
        assertThatThrownBy(() -> PromptFiles.parse("custom_id,prompt\na,one\nA,two\n", PromptFiles.Format.CSV, "p.csv"))
                .hasMessageStartingWith("Line 3 of p.csv repeats the custom_id 'A'");
    }

    @Test
    void aCustomIdThatCannotNameAFileIsRefused() {
        assertThatThrownBy(() -> PromptFiles.parse("{\"custom_id\": \"../etc\", \"prompt\": \"x\"}\n", PromptFiles.Format.JSONL, "p.jsonl"))
                .hasMessageStartingWith("Line 1 of p.jsonl has the custom_id '../etc', which cannot name a file");
    }

    @Test
    void aLineCannotChangeHowItIsSubmitted() {
        assertThatThrownBy(() -> PromptFiles.parse("{\"prompt\": \"x\", \"async\": false}\n", PromptFiles.Format.JSONL, "p.jsonl"))
                .hasMessage("Line 1 of p.jsonl sets 'async', which the client sets itself: remove it.");
    }

    @Test
    void anEmptyFileHasNoPrompts() {
        assertThatThrownBy(() -> PromptFiles.parse("\n\n", PromptFiles.Format.TEXT, "p.txt"))
                .hasMessage("The prompt file p.txt has no prompts.");
    }

    @Test
    void aMissingOrNonUtf8FileIsNamed() throws Exception {
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, new byte[] {'c', 'a', 'f', (byte) 0xe9});

        assertThatThrownBy(() -> PromptFiles.read(dir.resolve("nope.txt"))).hasMessageEndingWith("nope.txt does not exist.");
        assertThatThrownBy(() -> PromptFiles.read(latin1)).hasMessageContaining("is not UTF-8 text");
    }

    @Test
    void aBadLineIsAUsageError() {
        assertThatThrownBy(() -> PromptFiles.parse("\n", PromptFiles.Format.TEXT, "p.txt"))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
    }
}
