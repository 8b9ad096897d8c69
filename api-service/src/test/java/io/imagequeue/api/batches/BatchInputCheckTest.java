package io.imagequeue.api.batches;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchInputCheckTest {

    private static final String GENERATIONS = "/v1/images/generations";
    private final BatchInputCheck check = new BatchInputCheck(new ObjectMapper());

    @Test
    void wellFormedLinesPassAndBlankLinesAreNotRequests() {
        BatchInputCheck.Result result = check.check(file(line("a") + "\n" + line("b") + "\n\n"), GENERATIONS);

        assertThat(result.valid()).isTrue();
        assertThat(result.requests()).isEqualTo(2);
    }

    @Test
    void aLastLineWithoutANewlineIsARequest() {
        assertThat(check.check(file(line("a") + "\n" + line("b")), GENERATIONS).requests()).isEqualTo(2);
    }

    @Test
    void aLineThatIsNotJsonFailsTheFileNamingTheLine() {
        BatchInputCheck.Result result = check.check(file(line("a") + "\nthis is not json\n" + line("c")), GENERATIONS);

        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.code()).isEqualTo("invalid_json_line");
            assertThat(error.line()).isEqualTo(2);
            assertThat(error.message()).contains("Line 2");
        });
    }

    @Test
    void aJsonValueThatIsNotAnObjectIsNotARequest() {
        assertThat(check.check(file("[1, 2]\n"), GENERATIONS).errors())
                .singleElement().extracting(BatchError::code).isEqualTo("invalid_json_line");
    }

    @Test
    void aUrlOtherThanTheBatchsEndpointFailsTheFile() {
        String edit = "{\"custom_id\": \"x\", \"method\": \"POST\", \"url\": \"/v1/images/edits\", \"body\": {}}";
        BatchInputCheck.Result result = check.check(file(line("a") + "\n" + edit + "\n"), GENERATIONS);

        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.code()).isEqualTo("mismatched_url");
            assertThat(error.param()).isEqualTo("url");
            assertThat(error.line()).isEqualTo(2);
        });
    }

    @Test
    void aMissingCustomIdFailsTheFile() {
        String noId = "{\"method\": \"POST\", \"url\": \"/v1/images/generations\", \"body\": {\"prompt\": \"x\"}}";
        assertThat(check.check(file(noId + "\n"), GENERATIONS).errors()).singleElement().satisfies(error -> {
            assertThat(error.code()).isEqualTo("missing_required_parameter");
            assertThat(error.param()).isEqualTo("custom_id");
            assertThat(error.line()).isEqualTo(1);
        });
    }

    @Test
    void aDuplicateCustomIdFailsTheFileAtTheSecondUse() {
        BatchInputCheck.Result result = check.check(file(line("a") + "\n" + line("b") + "\n" + line("a") + "\n"), GENERATIONS);

        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.code()).isEqualTo("duplicate_custom_id");
            assertThat(error.line()).isEqualTo(3);
            assertThat(error.message()).contains("'a'");
        });
    }

    @Test
    void aMethodOtherThanPostOrAMissingBodyFailsTheFile() {
        String get = "{\"custom_id\": \"g\", \"method\": \"GET\", \"url\": \"/v1/images/generations\", \"body\": {}}";
        String noBody = "{\"custom_id\": \"n\", \"method\": \"POST\", \"url\": \"/v1/images/generations\"}";
        assertThat(check.check(file(get + "\n" + noBody + "\n"), GENERATIONS).errors())
                .extracting(BatchError::param, BatchError::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("method", 1), org.assertj.core.groups.Tuple.tuple("body", 2));
    }

    @Test
    void aFileWithNoRequestsOrThatIsNotUtf8Fails() {
        assertThat(check.check(file("\n\n"), GENERATIONS).errors())
                .singleElement().extracting(BatchError::code).isEqualTo("empty_file");
        byte[] latin1 = (line("a") + "\n{\"custom_id\": \"caf\u00e9\"}\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(check.check(new ByteArrayInputStream(latin1), GENERATIONS).errors())
                .singleElement().extracting(BatchError::code).isEqualTo("invalid_file_format");
    }

    @Test
    void everyBadLineIsReportedUpToALimit() {
        String bad = "not json\n".repeat(BatchInputCheck.MAX_ERRORS + 50);
        BatchInputCheck.Result result = check.check(file(bad), GENERATIONS);

        assertThat(result.errors()).hasSize(BatchInputCheck.MAX_ERRORS);
        assertThat(result.errors().get(0).line()).isEqualTo(1);
        assertThat(result.requests()).isEqualTo(BatchInputCheck.MAX_ERRORS + 50);
    }

    @Test
    void fiftyThousandLinesAreCheckedAsAStream() {
        InputStream lines = new SequenceInputStream(Collections.enumeration(IntStream.range(0, 50_000)
                .mapToObj(i -> (InputStream) new ByteArrayInputStream((line("line-" + i) + "\n").getBytes(StandardCharsets.UTF_8)))
                .toList()));

        BatchInputCheck.Result result = check.check(lines, GENERATIONS);

        assertThat(result.valid()).isTrue();
        assertThat(result.requests()).isEqualTo(50_000);
    }

    private static String line(String customId) {
        return "{\"custom_id\": \"" + customId + "\", \"method\": \"POST\", \"url\": \"/v1/images/generations\", "
                + "\"body\": {\"model\": \"dall-e-3\", \"prompt\": \"a lighthouse\"}}";
    }

    private static InputStream file(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
