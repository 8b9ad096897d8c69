package io.imagequeue.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI Files and Batch APIs, driven by the official OpenAI Java SDK unchanged, against the
 * whole running service: upload a JSONL file, create a batch, wait for it to complete, download the
 * output file and find one image answer per {@code custom_id}.
 */
class BatchesIT {

    private static final Set<String> UNFINISHED = Set.of("validating", "in_progress", "finalizing");
    private static final Duration BATCH_WAIT = Duration.ofMinutes(3);

    private static Stack stack;
    private static OpenAIClient openai;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startStack() {
        stack = Stack.start(1);
        openai = OpenAIOkHttpClient.builder()
                .apiKey(Stack.API_KEY)
                .baseUrl(stack.apiUrl() + "/v1")
                .maxRetries(0)
                .timeout(Duration.ofMinutes(2))
                .build();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aBatchOfImageRequestsCompletesWithOneImageAnswerPerCustomId(@TempDir Path dir) throws Exception {
        List<String> customIds = List.of("lighthouse", "fox", "harbour");
        StringBuilder lines = new StringBuilder();
        for (String customId : customIds) {
            lines.append("{\"custom_id\": \"").append(customId).append("\", \"method\": \"POST\", ")
                    .append("\"url\": \"/v1/images/generations\", \"body\": {\"model\": \"openai/gpt-image-1.5\", ")
                    .append("\"prompt\": \"a ").append(customId).append("\", \"size\": \"1024x1024\", ")
                    .append("\"response_format\": \"b64_json\"}}\n");
        }
        Path requests = Files.writeString(dir.resolve("requests.jsonl"), lines);

        FileObject input = openai.files().create(FileCreateParams.builder()
                .file(requests)
                .purpose(FilePurpose.BATCH)
                .build());
        assertThat(input.id()).startsWith("file-");
        assertThat(input.bytes()).isEqualTo(lines.toString().getBytes(StandardCharsets.UTF_8).length);

        Batch created = openai.batches().create(BatchCreateParams.builder()
                .inputFileId(input.id())
                .endpoint(BatchCreateParams.Endpoint.of("/v1/images/generations"))
                .completionWindow(BatchCreateParams.CompletionWindow._24H)
                .build());
        assertThat(created.id()).startsWith("batch_");

        Batch done = awaitEnd(created.id());
        assertThat(done.status().asString()).isEqualTo("completed");
        assertThat(done.requestCounts().orElseThrow().total()).isEqualTo(3);
        assertThat(done.requestCounts().orElseThrow().completed()).isEqualTo(3);
        assertThat(done.requestCounts().orElseThrow().failed()).isZero();
        assertThat(done.errorFileId()).isEmpty();

        List<JsonNode> output = lines(done.outputFileId().orElseThrow());
        assertThat(output).extracting(line -> line.get("custom_id").asText()).containsExactlyInAnyOrderElementsOf(customIds);
        for (JsonNode line : output) {
            assertThat(line.get("id").asText()).startsWith("batch_req_");
            assertThat(line.get("error").isNull()).isTrue();
            assertThat(line.get("response").get("status_code").asInt()).isEqualTo(200);
            byte[] png = Base64.getDecoder().decode(line.get("response").get("body").get("data").get(0).get("b64_json").asText());
            var image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image.getWidth()).isEqualTo(1024);
            assertThat(image.getHeight()).isEqualTo(1024);
        }
    }

    /** Polls the batch until it is no longer running; a bound on the wait, not a timing assertion. */
    private static Batch awaitEnd(String batchId) throws InterruptedException {
        Instant deadline = Instant.now().plus(BATCH_WAIT);
        Batch batch = openai.batches().retrieve(batchId);
        while (UNFINISHED.contains(batch.status().asString()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            batch = openai.batches().retrieve(batchId);
        }
        return batch;
    }

    private List<JsonNode> lines(String fileId) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        try (HttpResponse response = openai.files().content(fileId); InputStream body = response.body()) {
            for (String line : new String(body.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    lines.add(json.readTree(line));
                }
            }
        }
        return lines;
    }
}
